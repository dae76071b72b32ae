import type { IsoDate } from '#domain';
import { isoMonth, parseDateText } from '../values/parse-dates.js';
import { MONTH_WORD, monthNumber } from '../values/text.js';

/**
 * A "Comments on progress" cell → dated comments. Managers append to the same cell quarter by
 * quarter ("August - ... January: ..."), so a cell is split wherever a date marker opens a
 * sentence or a line: "January: ", "August - ", "January. ", "May 2018: ", "15/04/24 - ",
 * "Jan 2022: ", "UPDATE: ". Each comment keeps its words, marker included (auditors read what
 * the plan said). Its effective date is the marker's date; a month with no year is that month
 * within the plan's period ("January" in a May 2018–April 2019 plan is January 2019), so it
 * needs the period; "UPDATE:" and unmarked text have no date of their own.
 */
export type ParsedComment = {
  text: string;
  effectiveDate: IsoDate | null;
  /** 'day' for 15/04/24, 'month' for "January"/"May 2018"; null when the comment carries no date. */
  precision: 'day' | 'month' | null;
  /** True when a month without a year could not be placed because the plan's period is unknown. */
  needsPeriod: boolean;
};

export type PlanPeriod = { start: IsoDate; end: IsoDate };

const MARKER = new RegExp(
  String.raw`(?:^|(?<=[.!?]\s{1,3})|(?<=\n\s*))` +
    String.raw`(?:(?<dmy>\d{1,2}/\d{1,2}/(?:\d{4}|\d{2}))|(?<my>${MONTH_WORD}\.?\s+\d{4})|(?<m>${MONTH_WORD})|(?<update>update))` +
    String.raw`(?:\s*:|\s*[-–]\s|\s?\.\s)\s*`,
  'gi',
);

export function parseComments(cell: string, period: PlanPeriod | null): ParsedComment[] {
  const text = cell.replace(/\r\n?/g, '\n').trim();
  if (text === '') return [];
  const markers = [...text.matchAll(MARKER)];
  const comments: ParsedComment[] = [];
  const lead = text.slice(0, markers[0]?.index ?? text.length).trim();
  if (lead !== '') comments.push({ text: lead, effectiveDate: null, precision: null, needsPeriod: false });
  markers.forEach((marker, i) => {
    const end = markers[i + 1]?.index ?? text.length;
    const words = text.slice(marker.index, end).trim();
    comments.push({ text: words, ...dateOfMarker(marker.groups ?? {}, period) });
  });
  return comments;
}

function dateOfMarker(
  groups: Record<string, string | undefined>,
  period: PlanPeriod | null,
): Omit<ParsedComment, 'text'> {
  const undated = { effectiveDate: null, precision: null, needsPeriod: false };
  if (groups.dmy) {
    const parsed = parseDateText(groups.dmy);
    return parsed ? { effectiveDate: parsed.date, precision: 'day', needsPeriod: false } : undated;
  }
  if (groups.my) {
    const parsed = parseDateText(groups.my);
    return parsed ? { effectiveDate: parsed.date, precision: 'month', needsPeriod: false } : undated;
  }
  if (groups.m) {
    const month = monthNumber(groups.m);
    if (month === null) return undated;
    if (period === null) return { effectiveDate: null, precision: null, needsPeriod: true };
    return { effectiveDate: monthWithinPeriod(month, period), precision: 'month', needsPeriod: false };
  }
  return undated;
}

/** The first date of `month` that falls inside the period (a plan runs twelve months, so there is one). */
export function monthWithinPeriod(month: number, period: PlanPeriod): IsoDate {
  const startYear = Number(period.start.slice(0, 4));
  const periodStartMonth = period.start.slice(0, 7);
  for (let year = startYear; year <= Number(period.end.slice(0, 4)); year += 1) {
    const date = isoMonth(year, month);
    if (date.slice(0, 7) >= periodStartMonth && date <= period.end) return date;
  }
  return isoMonth(startYear, month);
}

/** True when the words open with a marker ("January: ", "15/04/24 - ", "UPDATE: "), so they begin a comment of their own wherever they stand in a cell. */
export function opensWithMarker(text: string): boolean {
  const first = text.trim().matchAll(MARKER).next();
  return !first.done && first.value.index === 0;
}
