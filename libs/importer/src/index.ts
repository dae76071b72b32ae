/**
 * The workbook importer's reading half: an .xlsx or CSV improvement plan → a plain, serialisable
 * ImportedPlan (plan details, sources, recommendations, actions with their dated comments,
 * warnings), with stable keys for matching a re-import. No I/O, no framework: the caller reads
 * the bytes and writes the events.
 *
 * The writing half (write/): planImport turns an ImportedPlan and the state of the streams it
 * touches into one multi-stream write through the domain's deciders; executeImport loads, plans
 * and appends it with the event store port, for the API, the CLI and the demo alike.
 */
export { importWorkbook } from './import-workbook.js';
export { readWorkbook, MAX_ROWS, MAX_COLUMNS, MAX_SHARED_STRINGS } from './read/read-workbook.js';
export { ZIP_LIMITS } from './read/zip-entries.js';
export { READ_LIMITS } from './read/read-xlsx-in-worker.js';
export { interpretPlan, type InterpretOptions } from './interpret/interpret-plan.js';
export type * from './interpret/imported-plan.js';
export { WARNING_CODES } from './interpret/imported-plan.js';
export { SOURCE_NOT_NAMED_KEY, normaliseRef } from './interpret/keys.js';
export {
  WorkbookError,
  WORKBOOK_ERROR_CODES,
  isWorkbookError,
  type WorkbookErrorCode,
  type UnmappedColumn,
} from './workbook-error.js';
export type { Grid, GridSheet, GridRow, GridCell, CellValue, WorkbookFormat } from './read/grid.js';
export { columnLetter } from './read/grid.js';
export type { UnknownColumn, Field, ColumnHow, Candidate } from './layout/find-layout.js';
export { FIELDS, recogniseHeader, normaliseHeader, type HeaderReading } from './layout/recognise-header.js';
export { parseColumnMapping, isField, columnKey, type ColumnOptions } from './layout/column-options.js';
export { parseDateText, parseDateCell } from './values/parse-dates.js';
export { readStatus, statusFromFill, statusFromText } from './values/parse-status.js';
export { normaliseOwner } from './values/normalise-owner.js';
export { parseComments, type ParsedComment, type PlanPeriod } from './comments/parse-comments.js';
export { recogniseNeedCitation, recogniseHeading, type SourceMention } from './sources/recognise-source.js';
export {
  executeImport,
  PlannedImportChangedError,
  type ExecuteImportOptions,
  type ImportStage,
} from './write/execute-import.js';
export { planImport, importOrigin, type PlanImportContext, type PlannedImport } from './write/plan-import.js';
export {
  loadExistingState,
  noExistingState,
  idsOf,
  type Existing,
  type ExistingState,
} from './write/existing-state.js';
export {
  actionIdOf,
  commentIdOf,
  importCommandId,
  planIdOf,
  recommendationIdOf,
  sourceIdOf,
} from './write/import-ids.js';
export {
  formatSummary,
  cellReference,
  type ImportOutcome,
  type ImportResult,
  type ImportSummary,
  type ChangedActionLine,
  type FieldChange,
  type RecommendationMatchLine,
} from './write/import-summary.js';
export { exportPlanWorkbook, exportFileName, type ExportOptions } from './export/export-plan.js';
export { STATUS_FILLS } from './export/write-workbook.js';
export {
  layOutPlan,
  asAtLine,
  RETAINED_STATUS_TEXT,
  type PlanSheet,
  type SheetRow,
  type ActionCells,
} from './export/lay-out-plan.js';
export type { PlanToExport, ActionToExport, CommentToExport } from './export/plan-to-export.js';
export { EXPORT_COLUMNS } from './export/write-workbook.js';
