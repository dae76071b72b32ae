/**
 * Why a file could not be imported at all (as opposed to a cell that could not be read, which is
 * a warning). The CLI turns every code into exit code 2; the message names the file, and the
 * sheet where there is one, so the person who sent the file knows what to fix.
 */
export const WORKBOOK_ERROR_CODES = ['NOT_A_WORKBOOK', 'UNSUPPORTED_FORMAT', 'CORRUPT', 'NO_HEADER', 'TOO_LARGE'] as const;
export type WorkbookErrorCode = (typeof WORKBOOK_ERROR_CODES)[number];

export class WorkbookError extends Error {
  override readonly name = 'WorkbookError';

  constructor(
    readonly code: WorkbookErrorCode,
    readonly file: string,
    message: string,
    readonly sheet: string | null = null,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

export const isWorkbookError = (error: unknown): error is WorkbookError => error instanceof WorkbookError;
