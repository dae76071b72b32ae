import type { IsoDate } from './values.js';

/** The zone calendar days are judged in unless configured otherwise (TIME_ZONE): the councils are in England. */
export const DEFAULT_TIME_ZONE = 'Europe/London';

/** Whether `zone` is a time zone name this runtime's Intl knows (an IANA name such as Europe/London, or UTC). */
export function isTimeZone(zone: string): boolean {
  if (zone.length === 0 || zone.length > 64) return false;
  try {
    new Intl.DateTimeFormat('en-GB', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

const DAY_MS = 86_400_000;
const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** The day after (or `days` after, or before) a calendar day; a day is a day whatever the zone. */
export const addDays = (day: IsoDate, days: number): IsoDate =>
  new Date(Date.parse(`${day}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);

/**
 * Calendar days as people in one time zone live them: which day an instant falls on, and the
 * instants a day starts and ends. In Europe/London a summer day starts at 23:00 UTC the day before,
 * 29 March 2026 lasts 23 hours and 25 October 2026 lasts 25. Every judgement of a day (overdue,
 * today, a bare day in asOf/asAt, a quarter) goes through one of these, given the configured zone,
 * so the service never judges a day in UTC by accident.
 */
export class CalendarDays {
  private readonly parts: Intl.DateTimeFormat;

  constructor(readonly timeZone: string = DEFAULT_TIME_ZONE) {
    if (!isTimeZone(timeZone)) throw new RangeError(`Unknown time zone: ${JSON.stringify(timeZone)}`);
    this.parts = new Intl.DateTimeFormat('en-GB', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
  }

  /** The day (YYYY-MM-DD) an instant falls on in this zone. */
  dayOf(instant: Date | number | string): IsoDate {
    const parts = this.parts.formatToParts(new Date(instant));
    const part = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)!.value;
    return `${part('year').padStart(4, '0')}-${part('month')}-${part('day')}`;
  }

  /** Today in this zone, by the clock's now. */
  today(now: Date): IsoDate {
    return this.dayOf(now);
  }

  /**
   * The first instant of a day in this zone (its midnight, or the end of a clock change's gap in a
   * zone that changes at midnight): the first millisecond whose day is not before `day`. Found by
   * halving a 3-day window, as Intl gives a zone's day of an instant but not the reverse.
   */
  startOf(day: IsoDate): Date {
    if (!DAY.test(day)) throw new RangeError(`Not a day as YYYY-MM-DD: ${JSON.stringify(day)}`);
    const utcMidnight = Date.parse(`${day}T00:00:00Z`);
    // Every zone's offset is within ±14 hours, so the day starts inside this window.
    let before = utcMidnight - DAY_MS;
    let after = utcMidnight + DAY_MS;
    while (after - before > 1) {
      const middle = Math.floor((before + after) / 2);
      if (this.dayOf(middle) < day) before = middle;
      else after = middle;
    }
    return new Date(after);
  }

  /** The first instant of the next day: an exclusive bound that keeps all of `day`, to the microsecond. */
  startOfNext(day: IsoDate): Date {
    return this.startOf(addDays(day, 1));
  }

  /** The last millisecond of a day in this zone: an inclusive bound ("asOf=2026-03-29" means up to here). */
  endOf(day: IsoDate): Date {
    return new Date(this.startOfNext(day).getTime() - 1);
  }
}
