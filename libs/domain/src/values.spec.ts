import { describe, expect, it } from '@jest/globals';
import { isIsoDate, isIsoDateTime, sameDateOrText } from './values.js';

describe('values', () => {
  it.each(['2024-02-29', '2000-02-29', '2025-12-31'])('%s is a date', (value) => expect(isIsoDate(value)).toBe(true));
  it.each(['2023-02-29', '1900-02-29', '2024-04-31', '2024-13-01', '01-Sep-24', 'May-24', '2024-5-1', 20240501])(
    '%s is not a date',
    (value) => expect(isIsoDate(value)).toBe(false),
  );

  it.each(['2024-05-01T10:00:00.000Z', '2024-05-01T10:00Z', '2024-05-01T10:00:00.123456+01:00'])(
    '%s is a date-time',
    (value) => expect(isIsoDateTime(value)).toBe(true),
  );
  // Without an offset the instant is ambiguous, so it is refused rather than guessed.
  it.each(['2024-05-01T10:00:00', '2024-05-01', '2024-02-30T10:00:00Z', '2024-05-01T24:00:00Z', 'January'])(
    '%s is not a date-time',
    (value) => expect(isIsoDateTime(value)).toBe(false),
  );

  it('compares dates-or-text by kind and value', () => {
    expect(sameDateOrText({ kind: 'text', text: 'Weekly.' }, { kind: 'text', text: 'Weekly.' })).toBe(true);
    expect(sameDateOrText({ kind: 'date', date: '2024-05-01' }, { kind: 'text', text: '2024-05-01' })).toBe(false);
    expect(sameDateOrText(null, { kind: 'date', date: '2024-05-01' })).toBe(false);
    expect(sameDateOrText(null, null)).toBe(true);
  });
});
