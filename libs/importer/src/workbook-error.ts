import type { UnknownColumn } from './layout/find-layout.js';

/**
 * Why a file could not be imported at all (as opposed to a cell that could not be read, which is
 * a warning). The CLI turns every code into exit code 2; the message names the file, and the
 * sheet where there is one, so the person who sent the file knows what to fix.
 * UNMAPPED_COLUMN: a column holds text under a header that is no known field and that the
 * person did not map or ignore; importing without it would lose that text unseen.
 */
export const WORKBOOK_ERROR_CODES = [
  'NOT_A_WORKBOOK',
  'UNSUPPORTED_FORMAT',
  'CORRUPT',
  'NO_HEADER',
  'TOO_LARGE',
  'UNMAPPED_COLUMN',
] as const;
export type WorkbookErrorCode = (typeof WORKBOOK_ERROR_CODES)[number];

export class WorkbookError extends Error {
  override readonly name = 'WorkbookError';

  constructor(
    readonly code: WorkbookErrorCode,
    readonly file: string,
    message: string,
    readonly sheet: string | null = null,
    options?: { cause?: unknown; columns?: UnmappedColumn[] },
  ) {
    super(message, options);
    this.columns = options?.columns ?? [];
  }

  /** For UNMAPPED_COLUMN: each column at fault, with the first cell below its header that holds text. */
  readonly columns: UnmappedColumn[];
}

export type UnmappedColumn = UnknownColumn & { firstValueAt: string };

export const isWorkbookError = (error: unknown): error is WorkbookError => error instanceof WorkbookError;
