import { isIsoDate, type CalendarDays } from '#domain';

/** What a person typed, field by field, as the browser sent it: strings only, each bounded. */
export type FormValues = Record<string, string>;

/** Longer than any field the API takes (10,000 characters), so the API's own limit is the one a person meets. */
const MAX_VALUE = 20_000;

/**
 * The strings of a urlencoded body. A repeated name or anything but a string is dropped, and the
 * session's CSRF token, checked by the guard, is never shown again as a value.
 */
export function formValues(body: unknown): FormValues {
  if (body === null || typeof body !== 'object') return {};
  return Object.fromEntries(
    Object.entries(body as Record<string, unknown>).flatMap(([name, value]) =>
      typeof value === 'string' && name !== '_csrf' && name.length <= 100 ? [[name, value.slice(0, MAX_VALUE)]] : [],
    ),
  );
}

/** Empty text is no value: null for an optional field the API takes as "not given". */
export const textOrNull = (value: string | undefined): string | null =>
  value === undefined || value.trim() === '' ? null : value;

/** Empty text is absent: the API then says the field is required. */
export const textOrAbsent = (value: string | undefined): string | undefined =>
  value === undefined || value.trim() === '' ? undefined : value;

/**
 * A GOV.UK date input (`<name>-day`, `-month`, `-year`) as the API's YYYY-MM-DD: undefined when
 * all three are empty; otherwise the parts as typed, padded, so that the API's own check of a real
 * date is the one that refuses "31 February" or "next week".
 */
export function dayOf(values: FormValues, name: string): string | undefined {
  const [day, month, year] = ['day', 'month', 'year'].map((part) => (values[`${name}-${part}`] ?? '').trim());
  if (!day && !month && !year) return undefined;
  const pad = (part: string, width: number) => (/^\d+$/.test(part) ? part.padStart(width, '0') : part || 'x');
  return `${pad(year!, 4)}-${pad(month!, 2)}-${pad(day!, 2)}`;
}

/** A day's three fields, for a form shown with that day in it. */
export function dayFields(name: string, day: string | null | undefined): FormValues {
  const [year = '', month = '', date = ''] = (day ?? '').slice(0, 10).split('-');
  return day
    ? { [`${name}-day`]: String(Number(date)), [`${name}-month`]: String(Number(month)), [`${name}-year`]: year }
    : {};
}

/**
 * When a change took effect, from the day a person gave: today (or no day) is now, as the API
 * takes an absent effectiveAt; an earlier day is its start in the service's zone (midnight in
 * London), as the importer dates a comment of that day. A day in the future is passed on for the
 * domain to refuse, as it does on the API; so is one that is no real day, for the DTO to refuse.
 */
export function effectiveAtOf(
  values: FormValues,
  name: string,
  today: string,
  calendar: CalendarDays,
): string | undefined {
  const day = dayOf(values, name);
  if (day === undefined || day === today) return undefined;
  return isIsoDate(day) ? calendar.startOf(day).toISOString() : day;
}
