import type { IsoDate, IsoDateTime } from '#domain';
import { cellText, type GridRow } from '../read/grid.js';
import { endOfMonth, parseDateText } from '../values/parse-dates.js';
import { cleanText } from '../values/text.js';
import type { ImportedPlan, Origin, StatedDate } from './imported-plan.js';

/**
 * A workbook is a snapshot: its statuses, completions and retentions say how things stood on the
 * day it was last brought up to date, not on the day it is imported. This finds that day, in the
 * order the README states:
 *
 * 1. the date the person importing gives (`--as-of`, `asOf`);
 * 2. a date the workbook states above or in its header ("Update January 2019", "As at 31 January
 *    2019", "Date of this review: 15/04/24");
 * 3. the latest dated progress comment within the plan's period;
 * 4. the workbook's own modified date, when it falls within the period or up to three months after;
 * 5. the end of the period, for a plan that has ended;
 * 6. the day of the import, for a plan still running with nothing else to go by.
 *
 * A month without a day ("Update January 2019", a comment "January: ...") is taken as that
 * month's last day: the update was written by then, and a view of the month's end shows it.
 * Nothing is ever after the import.
 */
export type SnapshotFrom = 'option' | 'stated' | 'comment' | 'modified' | 'period-end' | 'import';

export type SnapshotDate = {
  date: IsoDate;
  from: SnapshotFrom;
  /** Where it came from, in words a manager can check: the cell and its text, or the rule. */
  detail: string;
};

// "As at", "Position as at", "Update", "Updated", "Last updated", "Date of this review", "Status at", "Progress at".
const STATING =
  /\b(?:(?:position|status|progress|plan|updated?)\s+(?:as\s+)?(?:at|of|on)|as\s+(?:at|of)|last\s+updated|updated?|date\s+of\s+(?:this\s+|last\s+)?(?:review|update))\b\s*(?:[:\-–]\s*)?/gi;

/** After a stating phrase, the longest run of up to four words that is a date; null when none is. */
function dateAfter(text: string, from: number): { date: IsoDate; precision: 'day' | 'month' } | null {
  const words = text
    .slice(from)
    .replace(/^[\s:,-]+/, '')
    .split(/\s+/)
    .slice(0, 4);
  for (let n = words.length; n >= 1; n -= 1) {
    const parsed = parseDateText(
      words
        .slice(0, n)
        .join(' ')
        .replace(/[,;)]+$/, ''),
    );
    if (parsed) return parsed;
  }
  return null;
}

/** The latest date the given rows state for the workbook: preamble lines and header cells. */
export function findStatedDate(rows: GridRow[], file: string, sheet: string): StatedDate | null {
  let found: StatedDate | null = null;
  for (const row of rows) {
    for (const cell of row.cells) {
      if (cell.value === null) continue;
      const text = cleanText(cellText(cell));
      // A labelled block: "Date of this review:" in one cell, the date in the next.
      const labelOnly =
        text.replace(STATING, '').replace(/[\s:.-]+/g, '') === '' && text.replace(/[\s:.-]+/g, '') !== '';
      const candidates: { date: IsoDate; precision: 'day' | 'month' }[] = [];
      if (labelOnly) {
        const next = row.cells.find((other) => other.columnIndex > cell.columnIndex && other.value !== null);
        if (next?.value?.kind === 'date') candidates.push({ date: next.value.date, precision: 'day' });
        else if (next) {
          const parsed = parseDateText(cellText(next));
          if (parsed) candidates.push(parsed);
        }
      } else {
        for (const match of text.matchAll(STATING)) {
          const parsed = dateAfter(text, (match.index ?? 0) + match[0].length);
          if (parsed) candidates.push(parsed);
        }
      }
      for (const candidate of candidates) {
        const date = candidate.precision === 'month' ? monthEnd(candidate.date) : candidate.date;
        if (!found || date > found.date)
          found = {
            date,
            text: text.length > 80 ? `${text.slice(0, 79)}…` : text,
            origin: { file, sheet, row: row.row, column: cell.column },
          };
      }
    }
  }
  return found;
}

/** How far after its period a workbook's modified date still describes it (an update made after the year end). */
const MODIFIED_GRACE_DAYS = 92;

export type SnapshotInputs = {
  /** Given by the person importing; wins over everything the workbook says. */
  asOf?: IsoDate | null;
  /** The day of the import: the latest a snapshot can be. */
  today: IsoDate;
  /** The plan's period as it will be opened (the workbook's, or the one assumed for it). */
  period: { start: IsoDate; end: IsoDate };
  /** The day an instant falls on in the service's zone (CalendarDays.dayOf): the day the workbook was saved. */
  dayOf: (instant: IsoDateTime) => IsoDate;
};

/** The day the workbook describes, and where that came from (see the order above). */
export function snapshotDateOf(
  imported: Pick<ImportedPlan, 'stated' | 'modified' | 'actions'>,
  inputs: SnapshotInputs,
): SnapshotDate {
  const { today, period } = inputs;
  const notAfterToday = (date: IsoDate): IsoDate => (date > today ? today : date);
  if (inputs.asOf) return { date: inputs.asOf, from: 'option', detail: 'given when importing' };

  if (imported.stated && imported.stated.date <= today) {
    const { origin, text } = imported.stated;
    return {
      date: imported.stated.date,
      from: 'stated',
      detail: `${origin.column}${origin.row} on sheet "${origin.sheet}" says "${text}"`,
    };
  }

  let latest: { date: IsoDate; text: string; origin: Origin } | null = null;
  for (const action of imported.actions)
    for (const comment of action.comments) {
      if (comment.effectiveDate === null) continue;
      const date = comment.precision === 'month' ? monthEnd(comment.effectiveDate) : comment.effectiveDate;
      if (comment.effectiveDate < period.start || comment.effectiveDate > period.end || comment.effectiveDate > today)
        continue;
      if (!latest || date > latest.date)
        latest = { date: date > period.end ? period.end : date, text: comment.text, origin: comment.origin };
    }
  if (latest) {
    const { origin } = latest;
    const words = latest.text.length > 40 ? `${latest.text.slice(0, 39)}…` : latest.text;
    return {
      date: notAfterToday(latest.date),
      from: 'comment',
      detail: `the latest dated progress comment in the plan's period, ${origin.column ?? ''}${origin.row} on sheet "${origin.sheet}": "${words}"`,
    };
  }

  const modified = imported.modified === null ? null : inputs.dayOf(imported.modified);
  if (modified && modified >= period.start && modified <= addDays(period.end, MODIFIED_GRACE_DAYS) && modified <= today)
    return { date: modified, from: 'modified', detail: `the workbook was last saved on ${modified}` };

  if (period.end < today)
    return {
      date: period.end,
      from: 'period-end',
      detail: `the plan's period ended on ${period.end} and the workbook gives no later date`,
    };
  return {
    date: today,
    from: 'import',
    detail: 'the plan is still running and the workbook gives no date of its own: taken as it stands today',
  };
}

const monthEnd = (date: IsoDate): IsoDate => endOfMonth(Number(date.slice(0, 4)), Number(date.slice(5, 7)));
const addDays = (date: IsoDate, days: number): IsoDate =>
  new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
