import { describe, expect, it } from '@jest/globals';
import { lastFullQuarter, reportPeriod } from './report-period.js';

const iso = ({ since, until }: { since: Date; until: Date }) => ({
  since: since.toISOString(),
  until: until.toISOString(),
});

describe('the period of a changes report', () => {
  it('is the last full calendar quarter when no start is given', () => {
    expect(iso(lastFullQuarter(new Date('2026-12-04T16:00:00Z')))).toEqual({
      since: '2026-07-01T00:00:00.000Z',
      until: '2026-10-01T00:00:00.000Z',
    });
    expect(iso(lastFullQuarter(new Date('2026-04-01T00:00:00Z')))).toEqual({
      since: '2026-01-01T00:00:00.000Z',
      until: '2026-04-01T00:00:00.000Z',
    });
    expect(iso(lastFullQuarter(new Date('2026-03-31T23:59:59Z')))).toEqual({
      since: '2025-10-01T00:00:00.000Z',
      until: '2026-01-01T00:00:00.000Z',
    });
    expect(iso(reportPeriod({}, new Date('2019-02-10T12:00:00Z')))).toEqual({
      since: '2018-10-01T00:00:00.000Z',
      until: '2019-01-01T00:00:00.000Z',
    });
  });

  it('includes a bare end day, and runs to now without one', () => {
    expect(iso(reportPeriod({ since: '2018-12-01', until: '2019-01-31' }, new Date('2026-01-01T00:00:00Z')))).toEqual({
      since: '2018-12-01T00:00:00.000Z',
      until: '2019-02-01T00:00:00.000Z',
    });
    expect(iso(reportPeriod({ since: '2018-12-01T09:30:00Z' }, new Date('2026-01-01T10:00:00Z')))).toEqual({
      since: '2018-12-01T09:30:00.000Z',
      until: '2026-01-01T10:00:00.000Z',
    });
    expect(iso(reportPeriod({ since: '2018-12-01', until: '2019-01-31T17:00:00Z' }, new Date()))).toEqual({
      since: '2018-12-01T00:00:00.000Z',
      until: '2019-01-31T17:00:00.000Z',
    });
  });
});
