import { describe, expect, it } from '@jest/globals';
import { looksLikeBadDate, parseDateCell, parseDateText } from './parse-dates.js';

describe('parseDateText', () => {
  it.each([
    ['May-24', '2024-05-01', 'month'],
    ['May 18', '2018-05-01', 'month'],
    ['Dec-18', '2018-12-01', 'month'],
    ['01-Sep-24', '2024-09-01', 'day'],
    ['15/04/24', '2024-04-15', 'day'],
    ['15/04/2024', '2024-04-15', 'day'],
    ['January 2019', '2019-01-01', 'month'],
    ['February 2019', '2019-02-01', 'month'],
    ['Sept 2024', '2024-09-01', 'month'],
    ['2024-05-01', '2024-05-01', 'day'],
    ['1st September 2024', '2024-09-01', 'day'],
  ])('reads %s as %s', (text, date, precision) => {
    expect(parseDateText(text)).toEqual({ date, precision });
  });

  it.each([
    'complete',
    'Weekly.',
    'April-June',
    'June and March 2025',
    'January',
    '· Strong working relationships with SELTP members.',
    'Q3',
    '',
  ])('invents no date from %j', (text) => {
    expect(parseDateText(text)).toBeNull();
  });

  it('refuses a day that does not exist, and says it looked like a date', () => {
    expect(parseDateText('31/02/24')).toBeNull();
    expect(looksLikeBadDate('31/02/24')).toBe(true);
    expect(looksLikeBadDate('Weekly.')).toBe(false);
  });
});

describe('parseDateCell', () => {
  it('keeps a date cell, reads a date typed as text, and keeps other words verbatim', () => {
    expect(parseDateCell({ kind: 'date', date: '2024-05-01' })).toEqual({ kind: 'date', date: '2024-05-01' });
    expect(parseDateCell({ kind: 'text', text: '01-Sep-24' })).toEqual({ kind: 'date', date: '2024-09-01' });
    expect(parseDateCell({ kind: 'text', text: 'Weekly.' })).toEqual({ kind: 'text', text: 'Weekly.' });
    expect(parseDateCell({ kind: 'text', text: ' complete ' })).toEqual({ kind: 'text', text: 'complete' });
    expect(parseDateCell(null)).toBeNull();
  });
});
