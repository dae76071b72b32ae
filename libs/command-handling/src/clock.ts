import type { CalendarDays, DecideContext } from '#domain';

/**
 * Where "now" comes from: given to whatever decides, never read from the global clock by it, so a
 * decision can be replayed and tested at any moment.
 */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/** What a decider is given: the moment, and the service's days when the caller has them (DecideContext). */
export const decideContext = (now: Date, calendar?: CalendarDays): DecideContext => ({
  now: now.toISOString(),
  ...(calendar ? { dayOf: (instant: string) => calendar.dayOf(instant) } : {}),
});
