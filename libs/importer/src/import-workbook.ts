import type { ImportedPlan } from './interpret/imported-plan.js';
import { interpretPlan, type InterpretOptions } from './interpret/interpret-plan.js';
import { readWorkbook } from './read/read-workbook.js';

/**
 * Bytes of an .xlsx or CSV file → the plan it holds. The caller reads the file (this library does
 * no I/O) and passes its name, which every origin, warning and error then names.
 * Throws WorkbookError (NOT_A_WORKBOOK, UNSUPPORTED_FORMAT, CORRUPT, NO_HEADER, TOO_LARGE) when the file cannot be read as a plan,
 * and UNMAPPED_COLUMN when a column holds text under a header that is no field and that `options` neither map nor ignore.
 */
export async function importWorkbook(
  bytes: Uint8Array,
  file: string,
  options: InterpretOptions = {},
): Promise<ImportedPlan> {
  return interpretPlan(await readWorkbook(bytes, file), options);
}
