import { describe, expect, it } from '@jest/globals';
import { CalendarDays } from '#domain';
import { formErrors } from './form-errors.js';
import { dayFields, dayOf, effectiveAtOf, formValues } from './form-values.js';

describe('form values', () => {
  it('keeps only the strings of a body, bounded, and never the CSRF token', () => {
    expect(formValues({ reason: 'x'.repeat(30_000), _csrf: 'secret', to: ['red', 'blue'], level: 'service' })).toEqual({
      reason: 'x'.repeat(20_000),
      level: 'service',
    });
    expect(formValues(null)).toEqual({});
  });

  it("reads a GOV.UK date input as the API's day, leaving a wrong one for the API's own check to refuse", () => {
    expect(dayOf({ 'due-day': '7', 'due-month': '3', 'due-year': '2025' }, 'due')).toBe('2025-03-07');
    expect(dayOf({ 'due-day': '', 'due-month': '', 'due-year': '' }, 'due')).toBeUndefined();
    expect(dayOf({ 'due-day': '31', 'due-month': '2', 'due-year': '2025' }, 'due')).toBe('2025-02-31');
    expect(dayOf({ 'due-day': 'next', 'due-month': '', 'due-year': '2025' }, 'due')).toBe('2025-x-next');
    expect(dayFields('due', '2025-03-07')).toEqual({ 'due-day': '7', 'due-month': '3', 'due-year': '2025' });
  });

  it("takes today as now, and an earlier day from its start in the service's zone, as the importer dates a comment", () => {
    const today = '2026-12-04';
    const [london, utc] = [new CalendarDays('Europe/London'), new CalendarDays('UTC')];
    expect(effectiveAtOf(dayFields('effective', today), 'effective', today, london)).toBeUndefined();
    expect(effectiveAtOf({}, 'effective', today, london)).toBeUndefined();
    // 15 April is in summer time: its London midnight is 23:00 UTC on the 14th; a winter day starts at UTC midnight.
    expect(effectiveAtOf(dayFields('effective', '2024-04-15'), 'effective', today, london)).toBe(
      '2024-04-14T23:00:00.000Z',
    );
    expect(effectiveAtOf(dayFields('effective', '2024-01-15'), 'effective', today, london)).toBe(
      '2024-01-15T00:00:00.000Z',
    );
    expect(effectiveAtOf(dayFields('effective', '2024-04-15'), 'effective', today, utc)).toBe(
      '2024-04-15T00:00:00.000Z',
    );
  });
});

describe('form errors', () => {
  const fields = {
    to: { name: 'due-kind', message: 'Select when it is due' },
    'to.date': { name: 'due', date: true, message: 'Enter a real date' },
    reason: { name: 'reason' },
  };

  it("puts each of the API's field errors on its form field, once, linking to it", () => {
    expect(
      formErrors(
        [
          { field: 'to.date', message: 'must be a real date' },
          { field: 'to.date', message: 'must be a date as YYYY-MM-DD' },
          { field: 'reason', message: 'must not be blank' },
        ],
        fields,
      ),
    ).toEqual({
      list: [
        { text: 'Enter a real date', href: '#due-day' },
        { text: 'Reason must not be blank', href: '#reason' },
      ],
      byField: { due: 'Enter a real date', reason: 'Reason must not be blank' },
    });
  });

  it('takes a nested field to its nearest named parent, and an error of no field to the first field', () => {
    expect(formErrors([{ field: 'to.kind', message: 'must be one of date, text' }], fields).list).toEqual([
      { text: 'Select when it is due', href: '#due-kind' },
    ]);
    expect(formErrors([], fields, 'a withdrawn action cannot be changed').list).toEqual([
      { text: 'A withdrawn action cannot be changed', href: '#due-kind' },
    ]);
  });
});
