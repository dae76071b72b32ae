import { DomainError } from './domain-error.js';

/** A calendar date, 'YYYY-MM-DD'. */
export type IsoDate = string;
/** An instant with its offset, e.g. '2024-04-15T09:30:00.000Z' or '2024-04-15T10:30:00+01:00'. */
export type IsoDateTime = string;

/**
 * A workbook date cell: a real date, or the words the plan used ("Weekly.", "April-June",
 * "June and March 2025") kept verbatim, because guessing a date from them would be inventing history.
 */
export type DateOrText = { kind: 'date'; date: IsoDate } | { kind: 'text'; text: string };

/** What event data may hold: it is stored as JSON. */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };
export type JsonObject = { [key: string]: JsonValue };

/**
 * The time `decide` is given, since the domain never reads a clock; and the day an instant falls on
 * in the service's zone (CalendarDays.dayOf, TIME_ZONE), where a decision compares a day with a
 * moment. Without it a moment's day is the one written in its own offset.
 */
export type DecideContext = { now: IsoDateTime; dayOf?: (instant: IsoDateTime) => IsoDate };

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const ISO_DATE_TIME = /^(\d{4}-\d{2}-\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(?:Z|[+-](\d{2}):(\d{2}))$/;

export function isIsoDate(value: unknown): value is IsoDate {
  const m = typeof value === 'string' ? ISO_DATE.exec(value) : null;
  if (!m) return false;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  const days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1];
  return days !== undefined && day >= 1 && day <= days;
}

// Date.parse alone accepts '2024-02-30' and hour 24, so each part is checked first.
export function isIsoDateTime(value: unknown): value is IsoDateTime {
  const m = typeof value === 'string' ? ISO_DATE_TIME.exec(value) : null;
  if (!m || !isIsoDate(m[1])) return false;
  const [hours = 0, minutes = 0, seconds = 0, offsetHours = 0, offsetMinutes = 0] = m
    .slice(2, 7)
    .map((part) => Number(part ?? 0));
  return hours < 24 && minutes < 60 && seconds < 60 && offsetHours < 24 && offsetMinutes < 60;
}

/** Milliseconds since the epoch of a valid IsoDateTime: parsing, not reading a clock. */
export const instant = (value: IsoDateTime): number => Date.parse(value);

export function sameDateOrText(a: DateOrText | null, b: DateOrText | null): boolean {
  if (a === null || b === null) return a === b;
  return a.kind === 'date' ? b.kind === 'date' && a.date === b.date : b.kind === 'text' && a.text === b.text;
}

const isBlank = (value: unknown): boolean => typeof value !== 'string' || value.trim() === '';

/** A field that must hold words. */
export function requireText(value: unknown, field: string): string {
  if (isBlank(value)) throw new DomainError('REQUIRED', `${field} is required`, field);
  return value as string;
}

/** An optional field: blank (an empty workbook cell) means null. */
export function optionalText(value: unknown, field: string): string | null {
  if (value === null || value === undefined || (typeof value === 'string' && value.trim() === '')) return null;
  if (typeof value !== 'string') throw new DomainError('INVALID', `${field} must be text or null`, field);
  return value;
}

/** Changes that rewrite what the plan says must say why (auditors replay the why). */
export function requireReason(reason: unknown): string {
  if (isBlank(reason)) throw new DomainError('REASON_REQUIRED', 'a reason is required', 'reason');
  return reason as string;
}

export function requireIsoDate(value: unknown, field: string): IsoDate {
  if (!isIsoDate(value)) throw new DomainError('INVALID', `${field} must be a date 'YYYY-MM-DD'`, field);
  return value;
}

export function requireOneOf<T extends string>(value: unknown, allowed: readonly T[], field: string): T {
  if (!allowed.includes(value as T))
    throw new DomainError('INVALID', `${field} must be one of ${allowed.join(', ')}`, field);
  return value as T;
}

export function requireDateOrText(value: unknown, field: string): DateOrText {
  const v = value as DateOrText | null | undefined;
  if (v?.kind === 'date' && isIsoDate(v.date)) return { kind: 'date', date: v.date };
  if (v?.kind === 'text' && !isBlank(v.text)) return { kind: 'text', text: v.text };
  throw new DomainError(
    'INVALID',
    `${field} must be { kind: 'date', date: 'YYYY-MM-DD' } or { kind: 'text', text }`,
    field,
  );
}

export const optionalDateOrText = (value: unknown, field: string): DateOrText | null =>
  value === null || value === undefined ? null : requireDateOrText(value, field);

/**
 * When a change took effect: absent means now; it may be in the past (an imported comment
 * from 2019) but never after now, matching the store's rule effectiveAt <= recordedAt.
 */
export function effectiveTime(effectiveAt: IsoDateTime | null | undefined, context: DecideContext): IsoDateTime {
  if (effectiveAt == null) return context.now;
  if (!isIsoDateTime(effectiveAt))
    throw new DomainError('INVALID', 'effectiveAt must be an ISO date-time with an offset', 'effectiveAt');
  if (instant(effectiveAt) > instant(context.now))
    throw new DomainError('EFFECTIVE_IN_FUTURE', 'effectiveAt is after now', 'effectiveAt');
  return effectiveAt;
}
