import { describe, expect, it } from '@jest/globals';
import pg from 'pg';
import { parseTimestamptz } from './timestamptz.js';

const general = pg.types.getTypeParser(1184, 'text') as (text: string) => Date;

describe('parseTimestamptz', () => {
  it('reads what a UTC session prints as the instant pg reads, to the millisecond, whatever the fraction', () => {
    for (const text of [
      '2025-04-01 09:00:00+00',
      '2025-04-01 09:00:00.1+00',
      '2025-04-01 09:00:00.12+00',
      '2025-04-01 09:00:00.123+00',
      '2025-04-01 09:00:00.1239+00',
      '2025-04-01 09:00:00.123456+00',
      '2016-02-29 23:59:59.999+00',
      '1970-01-01 00:00:00+00',
      '0999-12-31 12:00:00+00',
    ]) {
      expect(parseTimestamptz(text).getTime()).toBe(general(text).getTime());
    }
  });

  it('leaves any other form to pg: other offsets, years past 9999, BC', () => {
    for (const text of [
      '2025-04-01 10:00:00.5+01',
      '2025-03-31 19:30:00-05:30',
      '2025-04-01 09:00:00+05:45',
      '10000-01-01 00:00:00+00',
      '0044-03-15 12:00:00+00 BC',
    ]) {
      expect(parseTimestamptz(text).getTime()).toBe(general(text).getTime());
    }
    expect(parseTimestamptz('2025-04-01 10:00:00+01').toISOString()).toBe('2025-04-01T09:00:00.000Z');
  });
});
