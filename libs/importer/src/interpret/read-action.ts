import type { RagStatus } from '#domain';
import { parseComments, type PlanPeriod } from '../comments/parse-comments.js';
import type { Field, Layout } from '../layout/find-layout.js';
import { cellText, type GridCell, type GridRow, type GridSheet } from '../read/grid.js';
import { normaliseOwner } from '../values/normalise-owner.js';
import { looksLikeBadDate, parseDateCell } from '../values/parse-dates.js';
import { readStatus, statusFromText } from '../values/parse-status.js';
import { cleanText } from '../values/text.js';
import type { ImportedAction, ImportedComment, Origin, WarningCode } from './imported-plan.js';

export const COMPLETE_WORDS = /^\s*(?:fully\s+)?(?:complete|completed|done)\s*(?:$|[-–:(.,])/i;

export type Warn = (
  code: WarningCode,
  sheet: string | null,
  row: number | null,
  column: string | null,
  message: string,
) => void;

/** What reading an action's cells needs of its row: the action's words, each field's cell and text (text a spill mended is none), where it is. */
export type ReadContext = {
  description: string;
  fieldText: (field: Field) => string;
  cellOf: (field: Field) => GridCell | undefined;
  origin: (row: number, column?: string | null) => Origin;
  warn: Warn;
  period: PlanPeriod | null;
};

/** An action row's cells read into the action as written: dates, status (its words, else its fill), completion, comments, owner. */
export function readAction(
  row: GridRow,
  layout: Layout,
  sheet: GridSheet,
  ctx: ReadContext,
): Omit<ImportedAction, 'key' | 'sourceKey' | 'recommendationKey' | 'theme'> {
  const { cellOf, fieldText, warn } = ctx;
  const orNull = (text: string): string | null => (text === '' ? null : text);

  const dateOf = (field: 'start' | 'due') => {
    const cell = cellOf(field);
    const value = parseDateCell(cell?.value ?? null);
    if (value?.kind === 'text' && cell && looksLikeBadDate(value.text))
      warn(
        'BAD_DATE',
        sheet.name,
        row.row,
        cell.column,
        `${cell.address}: "${value.text}" looks like a date but is not a real one; kept as text`,
      );
    return value;
  };
  const start = dateOf('start');
  const due = dateOf('due');
  if (start?.kind === 'date' && due?.kind === 'date' && due.date < start.date) {
    const column = layout.columns.due ?? null;
    warn(
      'DUE_BEFORE_START',
      sheet.name,
      row.row,
      column,
      `${column}${row.row}: due ${due.date} is before the start ${start.date}; kept as written`,
    );
  }

  // Status: the words, else the fill colour; "complete - (kept in ...)" in the status cell is blue.
  let status: RagStatus | null = null;
  let statusFrom: 'text' | 'fill' | null = null;
  const statusCell = cellOf('status');
  if (statusCell) {
    const words = cellText(statusCell);
    const reading = COMPLETE_WORDS.test(words)
      ? ({ kind: 'status', status: 'blue', from: 'text' } as const)
      : readStatus(words, statusCell.fill);
    if (reading.kind === 'status') {
      status = reading.status;
      statusFrom = reading.from;
      const fillStatus = readStatus('', statusCell.fill);
      if (reading.from === 'text' && fillStatus.kind === 'status' && fillStatus.status !== reading.status)
        warn(
          'STATUS_FILL_DISAGREES',
          sheet.name,
          row.row,
          statusCell.column,
          `${statusCell.address}: the status says "${words.trim()}" but the cell is filled ${fillStatus.status}; took the words`,
        );
    } else if (reading.kind === 'unknown') {
      if (reading.fillStatus) {
        status = reading.fillStatus;
        statusFrom = 'fill';
      }
      warn(
        'UNKNOWN_STATUS',
        sheet.name,
        row.row,
        statusCell.column,
        `${statusCell.address}: status "${reading.text}" is not Blue, Red, Amber, Green or Completed; ${reading.fillStatus ? `took the cell's ${reading.fillStatus} fill` : 'left unrated'}`,
      );
    }
  }

  const dueText = due?.kind === 'text' ? due.text : '';
  const commentsText = fieldText('comments');
  const completed = status === 'blue' || statusFromText(dueText) === 'blue' || COMPLETE_WORDS.test(commentsText);

  const commentColumn = layout.columns.comments ?? null;
  const comments: ImportedComment[] = parseComments(commentsText, ctx.period).map((comment) => {
    if (comment.needsPeriod)
      warn(
        'COMMENT_DATE_NEEDS_PERIOD',
        sheet.name,
        row.row,
        commentColumn,
        `${commentColumn}${row.row}: "${comment.text.slice(0, 40)}" is dated by a month alone and the plan's period is unknown; left undated`,
      );
    return {
      text: comment.text,
      effectiveDate: comment.effectiveDate,
      precision: comment.precision,
      origin: ctx.origin(row.row, commentColumn),
    };
  });

  return {
    ref: fieldText('ref') === '' ? null : cleanText(fieldText('ref')),
    description: ctx.description,
    owner: normaliseOwner(fieldText('owner')),
    dltLead: normaliseOwner(fieldText('dltLead')),
    start,
    due,
    successMeasure: orNull(fieldText('measure')),
    experienceOfChildren: orNull(fieldText('experience')),
    status,
    statusFrom,
    completed,
    retainedForOversight: false,
    carriedForward: false,
    carriedForwardNote: null,
    comments,
    origin: ctx.origin(row.row),
  };
}
