import { createHash } from 'node:crypto';
import { canonicalJson, type JsonValue } from '#event-store';
import {
  FIELDS,
  type Field,
  type ImportResult,
  type ImportStage,
  type RecommendationMatchLine,
  type UnmappedColumn,
  type WorkbookError,
} from '#importer';
import { FIELD_NAMES } from '../../web/event-descriptions.js';
import { bragTag } from '../../web/web-views.js';
import type { KeptUpload } from './kept-uploads.js';

/**
 * What the Confirm carries: the digest of the events the dry run planned (with their ids, data,
 * effective times and rows). The Confirm appends only if it plans the same events: if the store
 * moved meanwhile so that they differ, nothing is written.
 */
export const previewDigest = (result: ImportResult): string =>
  result.plannedDigest ??
  createHash('sha256')
    .update(canonicalJson(JSON.parse(JSON.stringify(result.summary)) as JsonValue))
    .digest('hex');

/** The plan's fields as the workbook's headers name them, for the column choices. */
export const FIELD_LABELS: Record<Field, string> = {
  need: 'Why? (the need or aim)',
  ref: 'Ref',
  owner: 'Who? (lead officer)',
  dltLead: 'DLT lead',
  action: 'Does what? (the action)',
  start: 'Start',
  due: 'By when? (due date)',
  measure: 'How will we know it has been done?',
  experience: 'What will be the experience of children?',
  status: 'BRAG status',
  comments: 'Comments on progress',
};

/** The summary's names of an action's fields, in the words of the action's page. */
const CHANGED_FIELD_LABELS: Record<string, string> = {
  ...FIELD_NAMES,
  owner: 'Lead officer',
  due: 'Due',
  status: 'BRAG status',
  comments: 'Progress comment added',
  completed: 'Completed',
  'retained for oversight': 'Retained for oversight',
};

const STAGE_WORDS: Record<ImportStage | 'waiting', string> = {
  waiting: 'Starting',
  reading: 'Reading the rows of the workbook',
  loading: 'Loading what Oversight holds of this plan',
};

const dash = (value: string | number | null | undefined): string =>
  value === null || value === undefined || value === '' ? '–' : String(value);

const statusWords = (status: string | null): string => bragTag(status).text;

/** A GOV.UK table row of plain texts. */
const row = (...cells: (string | number | null | undefined)[]) => cells.map((cell) => ({ text: dash(cell) }));

/** The progress page: what the dry run is doing, and how far it has got. */
export function progressView(upload: KeptUpload) {
  const { stage, done, total } = upload.preview;
  return {
    pageTitle: 'Reading the workbook',
    fileName: upload.fileName,
    stage: STAGE_WORDS[stage],
    progress: total > 0 ? `${done.toLocaleString('en-GB')} of ${total.toLocaleString('en-GB')}` : null,
    href: `/imports/uploads/${upload.id}`,
  };
}

/** The choices for the columns the importer could not map: one select each, with the person's last choice. */
export function columnChoicesView(upload: KeptUpload, values: Record<string, string> = {}) {
  return upload.unmapped.map((column: UnmappedColumn, index: number) => {
    const name = `column-${index}`;
    const mapped = Object.entries(upload.columns.columnMap ?? {}).find(([header]) => header === column.header)?.[1];
    const ignored = (upload.columns.ignoreColumns ?? []).includes(column.header);
    const chosen = values[name] ?? mapped ?? (ignored ? 'ignore' : '');
    return {
      name,
      label: `Column ${column.column}, "${column.header}", on sheet ${column.sheet} (its first text is at ${column.firstValueAt})`,
      items: [
        { value: '', text: 'Choose what it holds' },
        ...FIELDS.map((field) => ({ value: field, text: FIELD_LABELS[field] })),
        { value: 'ignore', text: 'Leave it out: do not import it' },
      ].map((item) => ({ ...item, selected: item.value === chosen })),
    };
  });
}

/** A workbook that cannot be imported: its faults, each at its file, sheet, row and column where it has them. */
export function workbookErrorRows(error: WorkbookError) {
  if (error.columns.length > 0)
    return error.columns.map((column) =>
      row(
        error.file,
        column.sheet,
        column.row,
        column.column,
        `"${column.header}" is not a column Oversight knows, and holds text (first at ${column.firstValueAt})`,
      ),
    );
  return [row(error.file, error.sheet, null, null, error.message)];
}

/** The preview: what the import would write, shaped for the tables of the page. */
export function previewView(upload: KeptUpload, result: ImportResult) {
  const s = result.summary;
  const mappedByChoice = s.columns.filter((column) => column.how === 'mapped' || column.how === 'ignored');
  return {
    pageTitle: 'Check the import before it is written',
    fileName: upload.fileName,
    digest: previewDigest(result),
    events: s.events,
    plan: {
      title: s.plan.title,
      period: { start: s.plan.periodStart, end: s.plan.periodEnd },
      isNew: s.plan.new,
      href: s.plan.new ? null : `/plans/${s.plan.id}`,
      asOf: s.asOf.date,
      asOfFrom: s.asOf.from === 'option' ? 'as given' : s.asOf.detail,
    },
    newActions: s.actions.new.map((action) =>
      row(
        action.row,
        action.ref,
        action.description,
        action.owner,
        action.due === null ? null : action.due.kind === 'date' ? action.due.date : action.due.text,
        statusWords(action.status),
      ),
    ),
    changedActions: s.actions.changed.flatMap((action) =>
      (action.changes ?? []).map((change) =>
        row(action.row, action.ref, CHANGED_FIELD_LABELS[change.field] ?? change.field, change.before, change.after),
      ),
    ),
    changedCount: s.actions.changed.length,
    unchanged: s.actions.unchanged,
    statusChanges: s.statuses.changes.map((change) =>
      row(change.row, change.ref, statusWords(change.from), statusWords(change.to)),
    ),
    startingStatuses: Object.entries(s.statuses.new)
      .filter(([, n]) => n > 0)
      .map(([status, n]) => `${n} ${statusWords(status === 'unrated' ? null : status).toLowerCase()}`)
      .join(', '),
    completions: s.completions,
    comments: s.comments.new,
    sources: s.sources.new.map((source) => source.title),
    sourcesKnown: s.sources.existing,
    recommendations: s.recommendations.new.map((rec) =>
      rec.reference && !rec.text.startsWith(rec.reference) ? `${rec.reference}: ${rec.text}` : rec.text,
    ),
    recommendationsKnown: s.recommendations.existing,
    matches: matchesView(s.recommendations.matched, s.recommendations.refused),
    warnings: s.warnings.map((warning) =>
      row(warning.at?.file ?? s.file, warning.at?.sheet, warning.at?.row, warning.at?.column, warning.message),
    ),
    columns: s.columns.map((column) =>
      row(
        column.sheet,
        column.column,
        column.header === '' ? '(no header)' : column.header,
        column.field
          ? `${FIELD_LABELS[column.field]}${column.how === 'mapped' ? ' (your choice)' : ''}`
          : column.how === 'ignored'
            ? 'Left out (your choice)'
            : 'Not imported (empty)',
      ),
    ),
    choicesMade: mappedByChoice.length > 0,
  };
}

/**
 * The recommendations the import recognised as ones Oversight knows (a later plan restating them),
 * each a checkbox to keep it apart instead: those already kept apart come checked. The form sends
 * each as `keep-apart-<n>` carrying its matchId.
 */
export function matchesView(matched: RecommendationMatchLine[], refused: RecommendationMatchLine[]) {
  return [
    ...matched.map((match) => ({ match, keptApart: false })),
    ...refused.map((match) => ({ match, keptApart: true })),
  ].map(({ match, keptApart }, index) => ({
    name: `keep-apart-${index}`,
    value: match.matchId,
    checked: keptApart,
    text: match.text,
    knownText: match.knownText,
    knownHref: `/recommendations/${match.recommendationId}`,
    how: match.rule === 'number' ? 'by its number' : `by its words (${Math.round(match.score * 100)}% alike)`,
  }));
}
