import type { DateOrText, IsoDate, RagStatus, RecommendationLevel, SourceKind } from '#domain';
import type { ImportedColumn, ImportWarning, Origin } from '../interpret/imported-plan.js';
import type { SnapshotDate } from '../interpret/snapshot-date.js';

/**
 * What an import creates and changes, for people (formatSummary) and machines (as JSON): the
 * same whether it was a dry run or written. Rows are the workbook's, so a manager can find them.
 */
export type ImportSummary = {
  file: string;
  sheets: string[];
  /** Every column the header rows name (once per sheet, letter and header) and what became of it: its field, or ignored, or empty. */
  columns: ImportedColumn[];
  plan: { id: string; title: string; periodStart: IsoDate; periodEnd: IsoDate; new: boolean };
  /** The day the workbook describes, and how it was found: its statuses, completions and changes take effect then. */
  asOf: SnapshotDate;
  sources: {
    new: { id: string; key: string; kind: SourceKind; title: string; date: IsoDate | null }[];
    existing: number;
  };
  recommendations: {
    new: {
      id: string;
      key: string;
      sourceId: string;
      reference: string | null;
      text: string;
      level: RecommendationLevel;
    }[];
    existing: number;
    /** The workbook's recommendations recognised as ones the store knows (a later plan restating them): their actions go there. */
    matched: RecommendationMatchLine[];
    /** Matches refused by the person importing (`refuseMatch`): recorded as recommendations of their own. */
    refused: RecommendationMatchLine[];
  };
  actions: {
    new: NewActionLine[];
    changed: ChangedActionLine[];
    unchanged: number;
    /** New actions kept from an earlier plan whose action is not known here: created in this plan, the note kept as a comment (unless a comment already says it). */
    carriedForward: { id: string; sheet: string; row: number; ref: string | null; note: string }[];
  };
  comments: { new: number };
  statuses: {
    /** The statuses new actions start with. */
    new: Record<RagStatus | 'unrated', number>;
    /** Status changes of actions already known (blue is a completion, listed under completions too). */
    changes: { id: string; sheet: string; row: number; ref: string | null; from: RagStatus | null; to: RagStatus }[];
  };
  completions: { completed: number; retainedForOversight: number };
  warnings: SummaryWarning[];
  /** Events and streams the import appends (would append, on a dry run). */
  events: number;
  streams: number;
};

export type NewActionLine = {
  id: string;
  key: string;
  sheet: string;
  row: number;
  ref: string | null;
  description: string;
  owner: string | null;
  due: DateOrText | null;
  status: RagStatus | null;
  completed: boolean;
  retainedForOversight: boolean;
  comments: number;
};

export type ChangedActionLine = {
  id: string;
  key: string;
  sheet: string;
  row: number;
  ref: string | null;
  fields: string[];
  /** Each change as it would read before and after, in the order the events would record them (a comment: none before). */
  changes: FieldChange[];
};

/**
 * One recognised recommendation: the workbook's words, the known recommendation and its words,
 * by which rule and with what score (1 for a number). `matchId` names it to refuse it.
 */
export type RecommendationMatchLine = {
  matchId: string;
  text: string;
  recommendationId: string;
  knownText: string;
  rule: 'number' | 'text';
  score: number;
};

/** One field of an action the import changes: its value before and after, as text ('' for none). */
export type FieldChange = { field: string; before: string; after: string };

export type SummaryWarning = {
  code: string;
  cell: string;
  message: string;
  /** The cell's parts, for a table of warnings (file, sheet, row, column; null where the warning names none). */
  at?: { file: string; sheet: string | null; row: number | null; column: string | null };
};

/** What happened to an import: the summary says what it holds. */
export type ImportOutcome =
  /** Nothing written, on request. */
  | 'dry-run'
  | 'appended'
  /** The store already holds everything the workbook says. */
  | 'unchanged'
  /** This file was imported by this person before: the store remembered the command and appended nothing. */
  | 'already-imported';

export type ImportResult = {
  outcome: ImportOutcome;
  /** Global position of the last event appended; null when nothing was. */
  position: number | null;
  commandId: string;
  /** The SHA-256 of the events planned (appended, or on a dry run to be): what a preview's Confirm checks it still plans. */
  plannedDigest?: string;
  summary: ImportSummary;
};

/** `'SIP 2018-19'!J64`, as Excel names a cell (the sheet quoted when it has more than letters and digits). */
export function cellReference(cell: { sheet: string | null; row: number | null; column: string | null }): string {
  if (cell.sheet === null) return '';
  const sheet = /^[A-Za-z0-9_]+$/.test(cell.sheet) ? cell.sheet : `'${cell.sheet.replace(/'/g, "''")}'`;
  if (cell.row === null) return sheet;
  return cell.column === null ? `${sheet}!${cell.row}:${cell.row}` : `${sheet}!${cell.column}${cell.row}`;
}

/** A reader's warning with its place: `<file> <sheet>!C12`, and the message without the cell it already named. */
export function summaryWarning(warning: ImportWarning): SummaryWarning {
  const where = cellReference(warning.cell);
  return {
    code: warning.code,
    cell: where ? `${warning.cell.file} ${where}` : warning.cell.file,
    message: warning.message.replace(/^(?:[A-Z]{1,3}\d+|row \d+):\s*/, ''),
    at: { file: warning.cell.file, sheet: warning.cell.sheet, row: warning.cell.row, column: warning.cell.column },
  };
}

export const originWarning = (origin: Origin, code: string, message: string): SummaryWarning =>
  summaryWarning({
    code: code as ImportWarning['code'],
    cell: { file: origin.file, sheet: origin.sheet, row: origin.row, column: origin.column },
    message,
  });

const plural = (n: number, one: string, many = `${one}s`): string => `${n} ${n === 1 ? one : many}`;
const clip = (text: string, length = 80): string => {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length <= length ? flat : `${flat.slice(0, length - 1)}…`;
};
const dueText = (due: DateOrText | null): string =>
  due === null ? '' : due.kind === 'date' ? `due ${due.date}` : `due "${due.text}"`;
const at = (line: { sheet: string; row: number; ref: string | null }): string =>
  `row ${line.row}${line.ref ? ` (${line.ref})` : ''}`;

const HOW: Record<ImportedColumn['how'], string> = {
  recognised: '',
  mapped: ' (--map)',
  ignored: ' (--ignore-column)',
  inferred: ' (no header: taken for the aims)',
  unrecognised: ' (not known; empty)',
};

/** `Columns: A "Why?" → need; H "Notes" → ignored (--ignore-column)`, a line per sheet when there are several. */
function columnLines(columns: ImportedColumn[]): string[] {
  const sheets = [...new Set(columns.map((c) => c.sheet))];
  return sheets.map((sheet) => {
    const entries = columns
      .filter((c) => c.sheet === sheet)
      .map(
        (c) =>
          `${c.column} ${c.header === '' ? '(blank)' : JSON.stringify(c.header)} → ${c.field ?? (c.how === 'ignored' ? 'ignored' : 'not imported')}${HOW[c.how]}`,
      );
    return `Columns${sheets.length > 1 ? ` of ${sheet}` : ''}: ${entries.join('; ')}`;
  });
}

/** The summary as text for people: what was (or would be) created and changed, then the warnings. */
export function formatSummary(result: ImportResult): string {
  const { summary: s, outcome } = result;
  const lines: string[] = [];
  const heading = {
    'dry-run': `Dry run of ${s.file}: nothing was written. The import would append ${plural(s.events, 'event')} to ${plural(s.streams, 'stream')}.`,
    appended: `Imported ${s.file}: ${plural(s.events, 'event')} appended to ${plural(s.streams, 'stream')} (last at position ${result.position}).`,
    unchanged: `Imported ${s.file}: nothing to append, the store already holds everything it says.`,
    'already-imported': `${s.file} was imported before by the same person: nothing appended.`,
  }[outcome];
  lines.push(heading, `Sheets: ${s.sheets.join(', ')}`);
  lines.push(...columnLines(s.columns));
  lines.push(
    `Plan: ${s.plan.title}, ${s.plan.periodStart} to ${s.plan.periodEnd} (${s.plan.new ? 'new' : 'already known'}) ${s.plan.id}`,
  );
  lines.push(
    `As at: ${s.asOf.date}, ${s.asOf.from === 'option' ? 'as given' : `from ${s.asOf.detail}`} (statuses and changes take effect then; --as-of <date> to say otherwise)`,
  );

  lines.push(`Sources: ${s.sources.new.length} new, ${s.sources.existing} already known`);
  for (const source of s.sources.new)
    lines.push(`  + ${source.title} [${source.kind}${source.date ? `, ${source.date}` : ''}]`);
  const matched = s.recommendations.matched ?? [];
  lines.push(
    `Recommendations: ${s.recommendations.new.length} new, ${s.recommendations.existing} already known${matched.length ? ` (${matched.length} of them restated in other words)` : ''}`,
  );
  for (const rec of s.recommendations.new)
    lines.push(
      `  + ${clip(rec.reference && !rec.text.startsWith(rec.reference) ? `${rec.reference}: ${rec.text}` : rec.text)}`,
    );
  for (const match of matched)
    lines.push(
      `  = ${clip(match.text, 60)} is ${match.recommendationId} "${clip(match.knownText, 60)}" (by ${match.rule === 'number' ? 'its number' : `its words, score ${match.score}`}; --refuse-match ${match.matchId} to keep it apart)`,
    );
  for (const match of s.recommendations.refused ?? [])
    lines.push(`  + ${clip(match.text, 60)} kept apart from ${match.recommendationId} (match refused)`);

  lines.push(
    `Actions: ${s.actions.new.length} new, ${s.actions.changed.length} changed, ${s.actions.unchanged} unchanged`,
  );
  for (const action of s.actions.new) {
    const facts = [
      action.status ?? 'unrated',
      action.retainedForOversight ? 'retained for oversight' : action.completed ? 'completed' : '',
      action.owner ?? '',
      dueText(action.due),
      action.comments ? plural(action.comments, 'comment') : '',
    ]
      .filter(Boolean)
      .join(', ');
    lines.push(`  + ${at(action)} ${clip(action.description, 60)} [${facts}]`);
  }
  for (const action of s.actions.changed) lines.push(`  ~ ${at(action)} ${action.fields.join(', ')}`);
  if (s.actions.carriedForward.length > 0) {
    lines.push(
      `Carried forward from an earlier plan whose action is not known here: created in this plan, with the note as a comment (${s.actions.carriedForward.length})`,
    );
    for (const line of s.actions.carriedForward) lines.push(`  ${at(line)} ${clip(line.note)}`);
  }

  lines.push(`Comments: ${s.comments.new} new`);
  const started = Object.entries(s.statuses.new)
    .filter(([, n]) => n > 0)
    .map(([status, n]) => `${n} ${status}`);
  if (started.length > 0) lines.push(`Statuses of new actions: ${started.join(', ')}`);
  lines.push(`Status changes: ${s.statuses.changes.length}`);
  for (const change of s.statuses.changes) lines.push(`  ${at(change)} ${change.from ?? 'unrated'} → ${change.to}`);
  lines.push(`Completed: ${s.completions.completed} (${s.completions.retainedForOversight} retained for oversight)`);

  lines.push(`Warnings: ${s.warnings.length}`);
  for (const warning of s.warnings) lines.push(`  ${warning.cell}: ${warning.message}`);
  return `${lines.join('\n')}\n`;
}
