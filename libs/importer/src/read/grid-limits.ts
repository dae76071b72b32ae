import { WorkbookError } from '../workbook-error.js';

/**
 * The most rows with a value, in all sheets, that one import reads. Plans are a few hundred rows;
 * reading is worse than linear in rows (100,000 took minutes) and every row is several events in
 * one append, so a file past this is refused (TOO_LARGE) as soon as its reading passes it.
 */
export const MAX_ROWS = 10_000;

/** The rightmost column a value may be in: a plan has about ten; Excel allows 16,384 (XFD), which a hostile file uses to make a reader build millions of cells. */
export const MAX_COLUMNS = 200;

/** The refusal when the rows read so far pass MAX_ROWS, at `row` of `sheet`. */
export function tooManyRows(file: string, sheet: string, row: number): WorkbookError {
  const count = (n: number) => n.toLocaleString('en-GB');
  return new WorkbookError(
    'TOO_LARGE',
    file,
    `${file}: more than ${count(MAX_ROWS)} rows with values (sheet "${sheet}" passes it at row ${count(row)}); at most ${count(MAX_ROWS)} can be imported at once (a plan is a few hundred). Remove the rows that are not the plan's, or split it`,
    sheet,
  );
}
