import type { IsoDate, IsoDateTime } from '#domain';

/**
 * The neutral grid every reader produces: what a person sees in the sheet, with nothing of
 * exceljs or CSV left in it, so the interpreting step is the same for both and plain to test.
 */

/** A cell's value as the sheet shows it. Numbers keep their text ("1.40" typed as text stays text). */
export type CellValue =
  { kind: 'text'; text: string } | { kind: 'date'; date: IsoDate } | { kind: 'number'; number: number; text: string };

export type GridCell = {
  /** 'C12', as Excel shows it. */
  address: string;
  /** 1-based, as Excel shows it. */
  row: number;
  /** 'C'. */
  column: string;
  /** 1-based column number. */
  columnIndex: number;
  /** Null for an empty cell that only carries a fill colour. */
  value: CellValue | null;
  /** The solid fill as ARGB ('FF00B050'), theme and indexed colours already resolved; null when unfilled. */
  fill: string | null;
};

export type GridRow = { row: number; cells: GridCell[] };

export type GridSheet = {
  name: string;
  /** Only rows with at least one non-empty cell, in row order; cells in column order. */
  rows: GridRow[];
  /** The last row number in the sheet, blank rows included. */
  rowCount: number;
};

export type WorkbookFormat = 'xlsx' | 'csv';

export type Grid = {
  file: string;
  format: WorkbookFormat;
  sheets: GridSheet[];
  /** When the workbook says it was last saved (an .xlsx's document properties), the instant; null when it does not say. */
  modified?: IsoDateTime | null;
};

/** 1 → 'A', 27 → 'AA'. */
export function columnLetter(index: number): string {
  let letters = '';
  for (let n = index; n > 0; n = Math.floor((n - 1) / 26)) letters = String.fromCharCode(65 + ((n - 1) % 26)) + letters;
  return letters;
}

export const cellText = (cell: GridCell | undefined): string => {
  const value = cell?.value;
  if (!value) return '';
  return value.kind === 'date' ? value.date : value.text;
};
