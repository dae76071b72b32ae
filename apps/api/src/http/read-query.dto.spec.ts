import { describe, expect, it } from '@jest/globals';
import { CalendarDays } from '#domain';
import { asItStood, dayJudged } from './read-query.dto.js';
import { endOfDayOrMoment, justAfterDayOrMoment, startOfDayOrMoment } from './request-fields.js';

const london = new CalendarDays('Europe/London');
const utc = new CalendarDays('UTC');
const iso = (date: Date | undefined) => date?.toISOString();

describe("a bare day in a query, judged in the service's zone", () => {
  it('asOf and asAt a bare summer day run to the last millisecond before the next London midnight', () => {
    const when = asItStood({ asOf: '2026-06-15', asAt: '2026-06-16' }, london)!;
    expect(iso(when.asOf)).toBe('2026-06-15T22:59:59.999Z');
    expect(iso(when.asAt)).toBe('2026-06-16T22:59:59.999Z');
    // A moment with its offset is that moment, whatever the zone.
    expect(iso(asItStood({ asOf: '2026-06-15T23:30:00+01:00' }, london)!.asOf)).toBe('2026-06-15T22:30:00.000Z');
    expect(asItStood({}, london)).toBeUndefined();
  });

  it('TIME_ZONE=UTC keeps the old reading: a bare day ends at 23:59:59.999 UTC', () => {
    expect(iso(asItStood({ asOf: '2026-06-15' }, utc)!.asOf)).toBe('2026-06-15T23:59:59.999Z');
    expect(iso(startOfDayOrMoment('2026-06-15', utc))).toBe('2026-06-15T00:00:00.000Z');
    expect(iso(justAfterDayOrMoment('2026-06-15', utc))).toBe('2026-06-16T00:00:00.000Z');
  });

  it('a 23-hour and a 25-hour day: 29 March and 25 October 2026', () => {
    expect(iso(startOfDayOrMoment('2026-03-29', london))).toBe('2026-03-29T00:00:00.000Z');
    expect(iso(justAfterDayOrMoment('2026-03-29', london))).toBe('2026-03-29T23:00:00.000Z');
    expect(iso(endOfDayOrMoment('2026-03-29', london))).toBe('2026-03-29T22:59:59.999Z');
    expect(iso(startOfDayOrMoment('2026-10-25', london))).toBe('2026-10-24T23:00:00.000Z');
    expect(iso(justAfterDayOrMoment('2026-10-25', london))).toBe('2026-10-26T00:00:00.000Z');
  });

  it('judges overdue on the day looked at, else today, in the zone', () => {
    const lateEvening = new Date('2026-06-15T22:30:00Z'); // 23:30 in London
    const pastMidnight = new Date('2026-06-15T23:30:00Z'); // 00:30 on the 16th in London
    expect(dayJudged(london, lateEvening)).toBe('2026-06-15');
    expect(dayJudged(london, pastMidnight)).toBe('2026-06-16');
    expect(dayJudged(utc, pastMidnight)).toBe('2026-06-15');
    // Looking back, the day looked at: asOf over asAt; a bare asOf day is that day, not the next.
    const when = asItStood({ asOf: '2026-03-29', asAt: '2026-10-25' }, london);
    expect(dayJudged(london, pastMidnight, when)).toBe('2026-03-29');
    expect(dayJudged(london, pastMidnight, asItStood({ asAt: '2026-10-25' }, london))).toBe('2026-10-25');
  });
});
