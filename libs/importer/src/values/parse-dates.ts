import { isIsoDate, type DateOrText, type IsoDate } from '#domain';
import type { CellValue } from '../read/grid.js';
import { MONTH_WORD, monthNumber } from './text.js';

/**
 * Dates as the plans write them. A whole cell must be a date for it to become one: "May-24",
 * "01-Sep-24", "15/04/24", "January 2019", "2024-05-01". Anything else ("complete", "Weekly.",
 * "April-June", "June and March 2025") stays the plan's words, because a date guessed from them
 * would be history the plan never wrote. Day-month order is British (15/04/24 is 15 April).
 * A month with a year and no day is the 1st of that month, as Excel stores "May-24".
 */
export type ParsedDate = { date: IsoDate; precision: 'day' | 'month' };

const DAY_MONTH_YEAR = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{2}|\d{4})$/;
const ISO = /^(\d{4})-(\d{2})-(\d{2})$/;
const DAY_NAMED_MONTH_YEAR = new RegExp(
  `^(\\d{1,2})(?:st|nd|rd|th)?[\\s/-]+(${MONTH_WORD})\\.?[\\s/-]+(\\d{2}|\\d{4})$`,
  'i',
);
const NAMED_MONTH_YEAR = new RegExp(`^(${MONTH_WORD})\\.?[\\s/-]+('?\\d{2}|\\d{4})$`, 'i');

export function parseDateText(value: string): ParsedDate | null {
  const text = value.trim().replace(/\s+/g, ' ').replace(/\.$/, '');
  let m = ISO.exec(text);
  if (m) return day(Number(m[1]), Number(m[2]), Number(m[3]));
  m = DAY_MONTH_YEAR.exec(text);
  if (m) return day(fullYear(m[3]), Number(m[2]), Number(m[1]));
  m = DAY_NAMED_MONTH_YEAR.exec(text);
  if (m) return day(fullYear(m[3]), monthNumber(m[2]) ?? 0, Number(m[1]));
  m = NAMED_MONTH_YEAR.exec(text);
  if (m) {
    const date = day(fullYear(m[2].replace("'", '')), monthNumber(m[1]) ?? 0, 1);
    return date && { date: date.date, precision: 'month' };
  }
  return null;
}

/** A Start or By when? cell: a date when it is one, else its words; null when empty. */
export function parseDateCell(value: CellValue | null): DateOrText | null {
  if (value === null) return null;
  if (value.kind === 'date') return { kind: 'date', date: value.date };
  const parsed = parseDateText(value.text);
  if (parsed) return { kind: 'date', date: parsed.date };
  const words = value.text.trim();
  return words === '' ? null : { kind: 'text', text: words };
}

/** True when the words look like a date but are not a real one ("31/02/24"): worth a warning. */
export const looksLikeBadDate = (text: string): boolean =>
  parseDateText(text) === null &&
  (DAY_MONTH_YEAR.test(text.trim()) || DAY_NAMED_MONTH_YEAR.test(text.trim()) || ISO.test(text.trim()));

// Two-digit years are this century: the plans start in 2016.
const fullYear = (year: string): number => (year.length === 2 ? 2000 + Number(year) : Number(year));

function day(year: number, month: number, dayOfMonth: number): ParsedDate | null {
  const date = `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(dayOfMonth).padStart(2, '0')}`;
  return isIsoDate(date) ? { date, precision: 'day' } : null;
}

export const isoMonth = (year: number, month: number): IsoDate => `${year}-${String(month).padStart(2, '0')}-01`;

/** The last day of a month, e.g. for a plan period ending "April 2019". */
export function endOfMonth(year: number, month: number): IsoDate {
  const last = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return `${year}-${String(month).padStart(2, '0')}-${String(last).padStart(2, '0')}`;
}
