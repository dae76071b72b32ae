/**
 * Where "now" comes from: given to whatever decides, never read from the global clock by it, so a
 * decision can be replayed and tested at any moment.
 */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/** Today's date in the service's calendar (UTC), for judging what is overdue. */
export const todayOf = (clock: Clock): string => clock.now().toISOString().slice(0, 10);
