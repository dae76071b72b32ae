/**
 * The workbook importer's reading half: an .xlsx or CSV improvement plan → a plain, serialisable
 * ImportedPlan (plan details, sources, recommendations, actions with their dated comments,
 * warnings), with stable keys for matching a re-import. No I/O, no framework: the caller reads
 * the bytes and writes the events.
 */
export { importWorkbook } from './import-workbook.js';
export { readWorkbook } from './read/read-workbook.js';
export { interpretPlan, type InterpretOptions } from './interpret/interpret-plan.js';
export type * from './interpret/imported-plan.js';
export { WARNING_CODES } from './interpret/imported-plan.js';
export { SOURCE_NOT_NAMED_KEY, normaliseRef } from './interpret/keys.js';
export { WorkbookError, WORKBOOK_ERROR_CODES, isWorkbookError, type WorkbookErrorCode } from './workbook-error.js';
export type { Grid, GridSheet, GridRow, GridCell, CellValue, WorkbookFormat } from './read/grid.js';
export type { UnknownColumn, Field } from './layout/find-layout.js';
export { parseDateText, parseDateCell } from './values/parse-dates.js';
export { readStatus, statusFromFill, statusFromText } from './values/parse-status.js';
export { normaliseOwner } from './values/normalise-owner.js';
export { parseComments, type ParsedComment, type PlanPeriod } from './comments/parse-comments.js';
export { recogniseNeedCitation, recogniseHeading, type SourceMention } from './sources/recognise-source.js';
