import type { PlanPeriod } from '../comments/parse-comments.js';
import { ColumnChoices, type ColumnOptions } from '../layout/column-options.js';
import { FIELDS } from '../layout/find-layout.js';
import type { Grid, GridSheet } from '../read/grid.js';
import { WorkbookError, type UnmappedColumn } from '../workbook-error.js';
import type { ImportedPlan, ImportWarning } from './imported-plan.js';
import { assemblePlan } from './assemble-plan.js';
import { readPlanDetails } from './plan-details.js';
import type { Warn } from './read-action.js';
import { firstHeader, readRows, startOf, type RowsRead } from './read-rows.js';
import { findStatedDate } from './snapshot-date.js';

export { COMPLETE_WORDS } from './read-action.js';
export { readsAsSpill, RETAINED, TOP_HEADING } from './read-rows.js';

/**
 * The grid → an ImportedPlan. Reads each sheet top to bottom:
 *
 * - rows above the first header row are the plan's details and title (plan-details.ts);
 * - a header row (re)sets which column is what (find-layout.ts);
 * - a row with one filled cell is a section heading: "Priority N ..." opens a top-level section,
 *   any other heading a sub-section. A heading that names a source ("Audit 2024 service wide
 *   recommendations") makes it the source of the rows under it; one that does not ("Children in
 *   Need") is a theme and ends the previous sub-section's source, but not a Priority's ("Priority
 *   5: ... July 2016 OFSTED" keeps its source through its sub-headings);
 * - a heading "Recommendations ...:" opens a list: the one-cell rows under it are recommendations
 *   of the current source with no actions yet (the 2018-19 focused-visit letter);
 * - any other row is an action; its Why?/aim, when filled, is a new recommendation (citing its
 *   own source or taking the section's), and when empty the row continues the recommendation above;
 * - two or more blank rows end the recommendation and the sub-section (its theme and source):
 *   hand-made plans space rows within a section with one blank row, and a longer gap is where
 *   rows were cut, so what follows is not known to belong to the heading far above it.
 *
 * A column whose header is no known field (and not mapped or ignored: ColumnOptions) is an
 * UNMAPPED_COLUMN error when any row below that header, up to the next header row, holds text in
 * it: the import would lose that text without anyone seeing. Under an empty one it is a warning.
 */
export type InterpretOptions = ColumnOptions & {
  /** Called as rows are read, for a progress bar: (rows done, rows in all). */
  onProgress?: (done: number, total: number) => void;
};

/**
 * In steps: the sheets that hold a plan (planSheets), the plan's details above its table
 * (readPreamble), the rows (read-rows.ts), the columns they leave unread (checkColumns), and the
 * plan assembled from what the rows gave (assemble-plan.ts).
 */
export function interpretPlan(grid: Grid, options: InterpretOptions = {}): ImportedPlan {
  const { file } = grid;
  const choices = new ColumnChoices(options);
  const warnings: ImportWarning[] = [];
  const warn: Warn = (code, sheet, row, column, message) => {
    warnings.push({ code, cell: { file, sheet, row, column }, message });
  };
  const sheets = planSheets(grid, choices, warn);
  const { details, stated, period } = readPreamble(grid, sheets, choices, warn);
  const read = readRows(sheets, {
    file,
    choices,
    period,
    warn,
    ...(options.onProgress ? { onProgress: options.onProgress } : {}),
  });
  checkColumns(file, read, choices, warn);
  return assemblePlan({
    grid,
    sheetNames: sheets.map((sheet) => sheet.name),
    details,
    mentions: read.mentions,
    recommendations: read.recommendations,
    actions: read.actions,
    warnings,
    unknownColumns: [...read.unknownColumns.values()].map((u) => u.unknown),
    columns: [...read.columns.values()],
    warn,
    stated,
  });
}

/** The sheets with a header row, in order; a workbook where no sheet has one is not a plan. */
function planSheets(grid: Grid, choices: ColumnChoices, warn: Warn): GridSheet[] {
  const { file } = grid;
  const plans = grid.sheets.map((sheet) => ({ sheet, first: firstHeader(sheet, choices) }));
  const withHeader = plans.filter((p) => p.first !== null);
  if (withHeader.length === 0) {
    const names = grid.sheets.map((s) => `"${s.name}"`).join(', ');
    throw new WorkbookError(
      'NO_HEADER',
      file,
      `${file}: no header row found in ${grid.sheets.length === 1 ? 'sheet' : 'sheets'} ${names || '(none)'}; expected a row naming columns such as Why?, Does what?, By when?, RAG status`,
      grid.sheets.length === 1 ? grid.sheets[0].name : null,
    );
  }
  for (const p of plans)
    if (p.first === null && p.sheet.rows.length > 0)
      warn('SHEET_SKIPPED', p.sheet.name, null, null, `sheet "${p.sheet.name}" has no header row; skipped`);
  return withHeader.map((p) => p.sheet);
}

/** The rows above the first sheet's table: the plan's details and title, the date it states, and its period. */
function readPreamble(grid: Grid, sheets: GridSheet[], choices: ColumnChoices, warn: Warn) {
  const { file } = grid;
  const first = sheets[0];
  const preamble = first.rows.filter((row) => row.row < startOf(first, choices));
  const details = readPlanDetails(preamble, { file, sheets: sheets.map((sheet) => sheet.name) });
  const headerRow = first.rows.find((row) => row.row === firstHeader(first, choices)!.row);
  const stated = findStatedDate([...preamble, ...(headerRow ? [headerRow] : [])], file, first.name);
  const period: PlanPeriod | null =
    details.periodStart && details.periodEnd ? { start: details.periodStart, end: details.periodEnd } : null;
  if (!period)
    warn(
      'PERIOD_NOT_FOUND',
      first.name,
      null,
      null,
      `the plan's period was not found (no "Duration:" and no year such as 2018-19 in its title, sheet or file name); comments dated by a month alone ("January:") are left undated`,
    );
  else if (details.periodFrom === 'year-range-convention')
    warn(
      'PERIOD_ASSUMED',
      first.name,
      null,
      null,
      `the plan gives its years but not its months; taken as ${period.start} to ${period.end} (April to March, as the service's plans run)`,
    );
  return { details, stated, period };
}

/**
 * A column no field was found for: an error when text sits under it (the import would lose it
 * unseen), else a warning; and a column option that matched no header, a warning.
 */
function checkColumns(file: string, read: RowsRead, choices: ColumnChoices, warn: Warn): void {
  const unmapped: UnmappedColumn[] = [...read.unknownColumns.values()]
    .filter((u) => u.firstValueAt !== null)
    .map((u) => ({ ...u.unknown, firstValueAt: u.firstValueAt! }));
  if (unmapped.length > 0) throw unmappedColumnError(file, unmapped);
  for (const { unknown } of read.unknownColumns.values())
    warn(
      'UNKNOWN_COLUMN',
      unknown.sheet,
      unknown.row,
      unknown.column,
      `${unknown.column}${unknown.row}: column "${unknown.header}" is not one the importer knows, and is empty below its header; nothing in it to import`,
    );
  for (const option of choices.unused())
    warn(
      'COLUMN_OPTION_UNUSED',
      null,
      null,
      null,
      `the column ${option.kind === 'map' ? 'mapping' : 'to ignore'} "${option.header}" matched no header in the workbook; it was not used`,
    );
}

/**
 * The error for columns that would lose text: each named by sheet, letter and header, with what
 * it could be, and how to say what it is or to leave it out knowingly.
 */
function unmappedColumnError(file: string, unmapped: UnmappedColumn[]): WorkbookError {
  const described = unmapped.map((u) => {
    const could = u.candidates.map((c) => `${c.field}${c.takenBy ? ` (already column ${c.takenBy})` : ''}`);
    return `sheet "${u.sheet}" column ${u.column} "${u.header}" (text from ${u.firstValueAt})${could.length > 0 ? `, which could be ${could.join(' or ')}` : ''}`;
  });
  const one = unmapped.length === 1;
  const example = unmapped[0]!.header.replace(/"/g, "'");
  return new WorkbookError(
    'UNMAPPED_COLUMN',
    file,
    `${file}: ${one ? 'a column holds' : `${unmapped.length} columns hold`} text under a header that is not one the importer knows, so nothing was imported: ${described.join('; ')}. ` +
      `Say which field ${one ? 'it is' : 'each is'} with --map "${example}=<field>" (the fields: ${FIELDS.join(', ')}), or leave ${one ? 'it' : 'one'} out knowingly with --ignore-column "${example}"; over HTTP, map=${example}=<field> or ignoreColumn=${example}.`,
    unmapped[0]!.sheet,
    { columns: unmapped },
  );
}
