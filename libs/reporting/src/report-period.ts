import type { CalendarDays } from '#domain';

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/**
 * The calendar quarter (January to March, April to June, ...) before the one `now` is in, as
 * [start, end), the quarters' days judged in the service's zone: at 00:30 on 1 July in London
 * (23:30 UTC on 30 June) April to June is over, and it ends as 1 July begins in London.
 */
export function lastFullQuarter(now: Date, calendar: CalendarDays): { since: Date; until: Date } {
  const today = calendar.dayOf(now);
  const [year, month] = [Number(today.slice(0, 4)), Number(today.slice(5, 7))];
  const thisQuarterStartMonth = Math.floor((month - 1) / 3) * 3;
  const firstOf = (monthIndex: number) => new Date(Date.UTC(year, monthIndex, 1)).toISOString().slice(0, 10);
  return {
    since: calendar.startOf(firstOf(thisQuarterStartMonth - 3)),
    until: calendar.startOf(firstOf(thisQuarterStartMonth)),
  };
}

/** The end of a period a person names: a bare day is included (the period ends as the next day begins, in the service's zone); a moment is the end itself. */
export function untilOf(value: string, calendar: CalendarDays): Date {
  return DAY.test(value) ? calendar.startOfNext(value) : new Date(value);
}

/** The start of a period a person names: a bare day from its start (its midnight in the service's zone), a moment as it is. */
export function sinceOf(value: string, calendar: CalendarDays): Date {
  return DAY.test(value) ? calendar.startOf(value) : new Date(value);
}

/** The moment a report is produced as at: a bare day means its end in the service's zone. */
export function asAtOf(value: string, calendar: CalendarDays): Date {
  return DAY.test(value) ? calendar.endOf(value) : new Date(value);
}

/**
 * The period a report covers, [since, until): from `since` (a bare day from its start) to
 * `until` (a bare day included), or to now; without `since`, the last full quarter (and, without
 * `until`, to that quarter's end).
 */
export function reportPeriod(
  request: { since?: string; until?: string },
  now: Date,
  calendar: CalendarDays,
): { since: Date; until: Date } {
  if (request.since === undefined) {
    const quarter = lastFullQuarter(now, calendar);
    return {
      since: quarter.since,
      until: request.until === undefined ? quarter.until : untilOf(request.until, calendar),
    };
  }
  return {
    since: sinceOf(request.since, calendar),
    until: request.until === undefined ? now : untilOf(request.until, calendar),
  };
}
