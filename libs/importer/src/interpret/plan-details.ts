import type { IsoDate } from '#domain';
import { cellText, type GridRow } from '../read/grid.js';
import { endOfMonth, isoMonth } from '../values/parse-dates.js';
import { MONTH_WORD, cleanText, monthNumber } from '../values/text.js';

/**
 * The plan's own details, from the rows above its first header: a key/value block
 * ("Name: | Children & Families Service Improvement Plan", "Duration: | May 2018 - April 2019")
 * and title lines ("Appendix 1: Service Development Plan 2024-5", "Author: ... Date of Plan:
 * April 2024 Date of review: quarterly ...").
 */
export type PlanDetails = {
  title: string;
  periodStart: IsoDate | null;
  periodEnd: IsoDate | null;
  /** How the period was found, for the warning when it is a convention rather than the plan's words. */
  periodFrom: 'stated' | 'year-range-and-month' | 'year-range-convention' | null;
  owner: string | null;
  board: string | null;
  reviewFrequency: string | null;
  /** Every label and value as written (labels without their colon). */
  details: Record<string, string>;
  /** Free-text lines above the header that are not the title. */
  notes: string[];
};

const INLINE_LABELS =
  /\b(Author|Date of Plan|Date of review|Date of this review|Review Date|Owner|Board|Duration|Frequency of monitoring(?:\/reporting)?)\s*:\s*/g;
const FREQUENCY =
  /\b(weekly|fortnightly|monthly|bi-?monthly|quarterly|six[- ]monthly|half[- ]yearly|annually|yearly)\b/i;

export function readPlanDetails(preamble: GridRow[], names: { file: string; sheets: string[] }): PlanDetails {
  const details: Record<string, string> = {};
  const lines: string[] = [];
  for (const row of preamble) {
    const values = row.cells.filter((cell) => cell.value !== null);
    const first = cleanText(cellText(values[0]));
    if (values.length >= 2 && isLabel(first)) details[first.replace(/\s*:$/, '')] = cleanText(cellText(values[1]));
    else if (values.length >= 1) {
      const text = cleanText(values.map((cell) => cellText(cell)).join(' '));
      const inline = splitInlineLabels(text);
      if (inline) Object.assign(details, inline);
      else lines.push(text);
    }
  }

  const find = (...labels: RegExp[]): string | null => {
    for (const label of labels)
      for (const [key, value] of Object.entries(details)) if (label.test(key) && value !== '') return value;
    return null;
  };
  const titleLine = lines.find((line) => /\bplan\b/i.test(line)) ?? null;
  const title =
    find(/^(?:plan )?name$/i, /^title$/i) ??
    (titleLine ? titleLine.replace(/^appendix\s+\w+\s*[:.-]\s*/i, '') : null) ??
    lines[0] ??
    baseName(names.file);
  const frequencyText = find(/^frequency/i, /^review frequency$/i, /^date of review$/i);
  const reviewFrequency = frequencyText ? (FREQUENCY.exec(frequencyText)?.[0] ?? frequencyText) : null;
  const period = findPeriod(
    find(/^duration$/i, /^implementation date$/i, /^(?:plan )?period$/i),
    [title, ...lines, ...names.sheets, baseName(names.file)],
    find(/^date of plan$/i),
  );
  return {
    title,
    ...period,
    owner: find(/^(?:plan )?owner$/i),
    board: find(/^board/i),
    reviewFrequency,
    details,
    notes: lines.filter((line) => line !== titleLine),
  };
}

const isLabel = (text: string): boolean => text.endsWith(':') || (text.split(' ').length <= 8 && !/[.!?]$/.test(text));

function splitInlineLabels(text: string): Record<string, string> | null {
  const labels = [...text.matchAll(INLINE_LABELS)];
  if (labels.length < 2 || labels[0].index !== 0) return null;
  const out: Record<string, string> = {};
  labels.forEach((m, i) => {
    out[m[1]] = text.slice(m.index + m[0].length, labels[i + 1]?.index ?? text.length).trim();
  });
  return out;
}

const MONTH_YEAR = String.raw`(${MONTH_WORD})\.?\s+(\d{4})`;
const STATED_RANGE = new RegExp(`${MONTH_YEAR}\\s*(?:-|to|until)\\s*${MONTH_YEAR}`, 'i');
// "2018-19", "2024-5", "2019/20", "2024-2025".
const YEAR_RANGE = /\b(20\d{2})\s*[-/_]\s*(\d{1,4})\b/;

function findPeriod(
  stated: string | null,
  places: string[],
  dateOfPlan: string | null,
): Pick<PlanDetails, 'periodStart' | 'periodEnd' | 'periodFrom'> {
  const range = stated ? STATED_RANGE.exec(stated) : null;
  if (range) {
    const [startMonth, endMonth] = [monthNumber(range[1]), monthNumber(range[3])];
    if (startMonth && endMonth)
      return {
        periodStart: isoMonth(Number(range[2]), startMonth),
        periodEnd: endOfMonth(Number(range[4]), endMonth),
        periodFrom: 'stated',
      };
  }
  for (const place of places) {
    const m = YEAR_RANGE.exec(place);
    if (!m) continue;
    const startYear = Number(m[1]);
    const endYear = endYearOf(startYear, m[2]);
    if (endYear !== startYear + 1) continue;
    // A plan year starts when the plan says it was made; failing that, 1 April, as the service's
    // plans run April to March (the 2017 committee report: "April 2017–March 2018").
    const planMonth = dateOfPlan ? new RegExp(MONTH_YEAR, 'i').exec(dateOfPlan) : null;
    const month = planMonth && Number(planMonth[2]) === startYear ? (monthNumber(planMonth[1]) ?? 4) : 4;
    const end = month === 1 ? endOfMonth(startYear, 12) : endOfMonth(endYear, month - 1);
    return {
      periodStart: isoMonth(startYear, month),
      periodEnd: end,
      periodFrom: planMonth && Number(planMonth[2]) === startYear ? 'year-range-and-month' : 'year-range-convention',
    };
  }
  return { periodStart: null, periodEnd: null, periodFrom: null };
}

// "19" after 2018 → 2019; "5" after 2024 → 2025; "2025" → 2025.
function endYearOf(startYear: number, end: string): number {
  if (end.length === 4) return Number(end);
  const base = Math.floor(startYear / 10 ** end.length) * 10 ** end.length;
  const year = base + Number(end);
  return year < startYear ? year + 10 ** end.length : year;
}

const baseName = (file: string): string => file.replace(/^.*[\\/]/, '').replace(/\.[^.]+$/, '');
