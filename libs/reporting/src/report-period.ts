const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** The calendar quarter (January to March, April to June, ...) before the one `now` is in, as [start, end) in UTC. */
export function lastFullQuarter(now: Date): { since: Date; until: Date } {
  const thisQuarterStartMonth = Math.floor(now.getUTCMonth() / 3) * 3;
  return {
    since: new Date(Date.UTC(now.getUTCFullYear(), thisQuarterStartMonth - 3, 1)),
    until: new Date(Date.UTC(now.getUTCFullYear(), thisQuarterStartMonth, 1)),
  };
}

/** The end of a period a person names: a bare day is included (the period ends as the next day begins); a moment is the end itself. */
export function untilOf(value: string): Date {
  return DAY.test(value) ? new Date(Date.parse(`${value}T00:00:00.000Z`) + 24 * 60 * 60_000) : new Date(value);
}

/** The start of a period a person names: a bare day from its start (UTC), a moment as it is. */
export function sinceOf(value: string): Date {
  return DAY.test(value) ? new Date(`${value}T00:00:00.000Z`) : new Date(value);
}

/** The moment a report is produced as at: a bare day means its end. */
export function asAtOf(value: string): Date {
  return DAY.test(value) ? new Date(`${value}T23:59:59.999Z`) : new Date(value);
}

/**
 * The period a report covers, [since, until): from `since` (a bare day from its start) to
 * `until` (a bare day included), or to now; without `since`, the last full quarter (and, without
 * `until`, to that quarter's end).
 */
export function reportPeriod(request: { since?: string; until?: string }, now: Date): { since: Date; until: Date } {
  if (request.since === undefined) {
    const quarter = lastFullQuarter(now);
    return { since: quarter.since, until: request.until === undefined ? quarter.until : untilOf(request.until) };
  }
  return { since: sinceOf(request.since), until: request.until === undefined ? now : untilOf(request.until) };
}
