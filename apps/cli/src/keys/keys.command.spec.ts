import { describe, expect, it } from '@jest/globals';
import { CalendarDays } from '#domain';
import { expiryOf as expiryIn } from './keys.command.js';

const london = new CalendarDays('Europe/London');
const expiryOf = (text: string) => expiryIn(text, london);

describe('a key given until a day', () => {
  it('lasts to the end of that day in England, in winter and in summer', () => {
    expect(expiryOf('2027-01-15').toISOString()).toBe('2027-01-16T00:00:00.000Z');
    expect(expiryOf('2027-07-15').toISOString()).toBe('2027-07-15T23:00:00.000Z');
  });

  it('across both clock changes: the last winter day before BST, and the day the clocks go back', () => {
    // Clocks go forward at 01:00 UTC on 28 March 2027: 27 March ends at midnight GMT.
    expect(expiryOf('2027-03-27').toISOString()).toBe('2027-03-28T00:00:00.000Z');
    // 28 March itself is in summer time by its end.
    expect(expiryOf('2027-03-28').toISOString()).toBe('2027-03-28T23:00:00.000Z');
    // Clocks go back at 01:00 UTC on 31 October 2027: 30 October ends at midnight BST.
    expect(expiryOf('2027-10-30').toISOString()).toBe('2027-10-30T23:00:00.000Z');
    expect(expiryOf('2027-10-31').toISOString()).toBe('2027-11-01T00:00:00.000Z');
  });

  it('in the zone TIME_ZONE names', () => {
    expect(expiryIn('2027-07-15', new CalendarDays('UTC')).toISOString()).toBe('2027-07-16T00:00:00.000Z');
  });

  it('takes a time with its offset as it is, and refuses anything else', () => {
    expect(expiryOf('2027-01-15T17:00:00+01:00').toISOString()).toBe('2027-01-15T16:00:00.000Z');
    expect(() => expiryOf('31/03/2027')).toThrow('--expires must be a day');
  });
});
