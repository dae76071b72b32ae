import { describe, expect, it } from '@jest/globals';
import { addDays, CalendarDays, isTimeZone } from './calendar-day.js';

const london = new CalendarDays('Europe/London');
const utc = new CalendarDays('UTC');
const at = (iso: string) => new Date(iso);

describe('calendar days', () => {
  it('judges the day of an instant in the zone: 22:30 UTC in summer is 23:30 that day in London, 23:30 UTC is the next', () => {
    expect(london.dayOf(at('2026-06-15T22:30:00Z'))).toBe('2026-06-15');
    expect(london.dayOf(at('2026-06-15T23:30:00Z'))).toBe('2026-06-16');
    expect(utc.dayOf(at('2026-06-15T23:30:00Z'))).toBe('2026-06-15');
    // In winter London is UTC.
    expect(london.dayOf(at('2026-12-15T23:30:00Z'))).toBe('2026-12-15');
    expect(london.today(at('2026-07-01T00:30:00+01:00'))).toBe('2026-07-01');
  });

  it('starts and ends a summer day an hour before UTC, a winter day with it', () => {
    expect(london.startOf('2026-06-15').toISOString()).toBe('2026-06-14T23:00:00.000Z');
    expect(london.endOf('2026-06-15').toISOString()).toBe('2026-06-15T22:59:59.999Z');
    expect(london.startOfNext('2026-06-15').toISOString()).toBe('2026-06-15T23:00:00.000Z');
    expect(london.startOf('2026-12-15').toISOString()).toBe('2026-12-15T00:00:00.000Z');
    expect(utc.endOf('2026-06-15').toISOString()).toBe('2026-06-15T23:59:59.999Z');
  });

  it('gives 29 March 2026 (clocks forward at 01:00 UTC) 23 hours', () => {
    expect(london.startOf('2026-03-29').toISOString()).toBe('2026-03-29T00:00:00.000Z');
    expect(london.startOfNext('2026-03-29').toISOString()).toBe('2026-03-29T23:00:00.000Z');
    expect(london.dayOf(at('2026-03-29T22:30:00Z'))).toBe('2026-03-29');
    expect(london.dayOf(at('2026-03-29T23:30:00Z'))).toBe('2026-03-30');
    expect(london.dayOf(at('2026-03-28T23:30:00Z'))).toBe('2026-03-28');
  });

  it('gives 25 October 2026 (clocks back at 01:00 UTC) 25 hours', () => {
    expect(london.startOf('2026-10-25').toISOString()).toBe('2026-10-24T23:00:00.000Z');
    expect(london.startOfNext('2026-10-25').toISOString()).toBe('2026-10-26T00:00:00.000Z');
    expect(london.dayOf(at('2026-10-24T23:30:00Z'))).toBe('2026-10-25');
    expect(london.dayOf(at('2026-10-25T23:30:00Z'))).toBe('2026-10-25');
    expect(london.dayOf(at('2026-10-26T00:30:00Z'))).toBe('2026-10-26');
  });

  it('starts a day at the end of the gap in a zone whose clocks change at midnight', () => {
    // Chile moved its clocks forward at 00:00 local on 7 September 2025: that day began at 01:00 (04:00 UTC).
    const santiago = new CalendarDays('America/Santiago');
    const start = santiago.startOf('2025-09-07');
    expect(santiago.dayOf(start)).toBe('2025-09-07');
    expect(santiago.dayOf(start.getTime() - 1)).toBe('2025-09-06');
  });

  it('adds days across month and year ends', () => {
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
  });

  it('knows a zone by its IANA name and refuses anything else', () => {
    expect(isTimeZone('Europe/London')).toBe(true);
    expect(isTimeZone('UTC')).toBe(true);
    expect(isTimeZone('Europe/Londres')).toBe(false);
    expect(isTimeZone('')).toBe(false);
    expect(() => new CalendarDays('Mars/Olympus')).toThrow('Unknown time zone: "Mars/Olympus"');
    expect(() => london.startOf('29/03/2026')).toThrow(RangeError);
  });
});
