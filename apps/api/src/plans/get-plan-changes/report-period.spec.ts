import { describe, expect, it } from '@jest/globals';
import { CalendarDays } from '#domain';
import { asAtOf, lastFullQuarter, reportPeriod } from './report-period.js';

const iso = ({ since, until }: { since: Date; until: Date }) => ({
  since: since.toISOString(),
  until: until.toISOString(),
});
const utc = new CalendarDays('UTC');
const london = new CalendarDays('Europe/London');

describe('the period of a changes report', () => {
  it('is the last full calendar quarter when no start is given (TIME_ZONE=UTC: quarters as UTC days)', () => {
    expect(iso(lastFullQuarter(new Date('2026-12-04T16:00:00Z'), utc))).toEqual({
      since: '2026-07-01T00:00:00.000Z',
      until: '2026-10-01T00:00:00.000Z',
    });
    expect(iso(lastFullQuarter(new Date('2026-04-01T00:00:00Z'), utc))).toEqual({
      since: '2026-01-01T00:00:00.000Z',
      until: '2026-04-01T00:00:00.000Z',
    });
    expect(iso(lastFullQuarter(new Date('2026-03-31T23:59:59Z'), utc))).toEqual({
      since: '2025-10-01T00:00:00.000Z',
      until: '2026-01-01T00:00:00.000Z',
    });
    expect(iso(reportPeriod({}, new Date('2019-02-10T12:00:00Z'), utc))).toEqual({
      since: '2018-10-01T00:00:00.000Z',
      until: '2019-01-01T00:00:00.000Z',
    });
  });

  it("judges a quarter's days in London: at 00:30 on 1 July (23:30 UTC on 30 June) April to June is over, and began and ended at London midnight", () => {
    // April to June is the first quarter of the council's April-to-March year; the report names quarters by their months.
    expect(iso(lastFullQuarter(new Date('2026-06-30T23:30:00Z'), london))).toEqual({
      since: '2026-03-31T23:00:00.000Z',
      until: '2026-06-30T23:00:00.000Z',
    });
    // At 23:30 on 30 June in London (22:30 UTC) it is still April to June: the last full quarter is January to March.
    expect(iso(lastFullQuarter(new Date('2026-06-30T22:30:00Z'), london))).toEqual({
      since: '2026-01-01T00:00:00.000Z',
      until: '2026-03-31T23:00:00.000Z',
    });
    // The same moment judged in UTC is still 30 June.
    expect(iso(lastFullQuarter(new Date('2026-06-30T23:30:00Z'), utc)).until).toBe('2026-04-01T00:00:00.000Z');
    // October to December starts on 1 October in summer time and ends on 1 January in winter time.
    expect(iso(lastFullQuarter(new Date('2027-01-15T12:00:00Z'), london))).toEqual({
      since: '2026-09-30T23:00:00.000Z',
      until: '2027-01-01T00:00:00.000Z',
    });
  });

  it('includes a bare end day, and runs to now without one', () => {
    expect(
      iso(reportPeriod({ since: '2018-12-01', until: '2019-01-31' }, new Date('2026-01-01T00:00:00Z'), utc)),
    ).toEqual({
      since: '2018-12-01T00:00:00.000Z',
      until: '2019-02-01T00:00:00.000Z',
    });
    expect(iso(reportPeriod({ since: '2018-12-01T09:30:00Z' }, new Date('2026-01-01T10:00:00Z'), utc))).toEqual({
      since: '2018-12-01T09:30:00.000Z',
      until: '2026-01-01T10:00:00.000Z',
    });
    expect(iso(reportPeriod({ since: '2018-12-01', until: '2019-01-31T17:00:00Z' }, new Date(), utc))).toEqual({
      since: '2018-12-01T00:00:00.000Z',
      until: '2019-01-31T17:00:00.000Z',
    });
  });

  it('takes bare days in London across both clock changes: 29 March 2026 has 23 hours, 25 October 25', () => {
    expect(iso(reportPeriod({ since: '2026-03-29', until: '2026-03-29' }, new Date(), london))).toEqual({
      since: '2026-03-29T00:00:00.000Z',
      until: '2026-03-29T23:00:00.000Z',
    });
    expect(iso(reportPeriod({ since: '2026-10-25', until: '2026-10-25' }, new Date(), london))).toEqual({
      since: '2026-10-24T23:00:00.000Z',
      until: '2026-10-26T00:00:00.000Z',
    });
    expect(asAtOf('2026-06-15', london).toISOString()).toBe('2026-06-15T22:59:59.999Z');
    expect(asAtOf('2026-06-15', utc).toISOString()).toBe('2026-06-15T23:59:59.999Z');
  });
});
