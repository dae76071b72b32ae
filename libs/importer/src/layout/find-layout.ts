import { cellText, columnLetter, type GridRow } from '../read/grid.js';
import { statusFromText } from '../values/parse-status.js';
import { cleanText } from '../values/text.js';
import { ColumnChoices } from './column-options.js';
import { clearWinner, rank, recogniseHeader, type Field, type FieldScore } from './recognise-header.js';

export { FIELDS, fieldOfHeader, type Field } from './recognise-header.js';

/**
 * Which column holds what, found from a header row's words wherever that row is (row 5 of the
 * 2024-25 plan; again at the top of every section of the 2018-19 plan) and in any order. Each
 * header is read by meaning (recognise-header.ts), or as the person importing mapped or ignored
 * it (column-options.ts). A header that is none of these is reported with what it could be;
 * whether that loses data is the interpreter's to say, as only it sees the rows below.
 */

/** How a column came to be read as its field, or not read. */
export type ColumnHow = 'recognised' | 'mapped' | 'ignored' | 'inferred' | 'unrecognised';

export type HeaderCell = {
  column: string;
  /** As written; '' for the aims' column the 2018-19 plan leaves unnamed. */
  header: string;
  field: Field | null;
  how: ColumnHow;
  /** The recogniser's score, for a recognised column. */
  score: number | null;
};

/** A candidate for a header not recognised, and the column that already holds that field, if one does. */
export type Candidate = FieldScore & { takenBy: string | null };

export type UnknownColumn = { sheet: string; row: number; column: string; header: string; candidates: Candidate[] };

export type Layout = {
  /** The header row, 1-based. */
  row: number;
  columns: Partial<Record<Field, string>>;
  /** Every header cell of the row and how it was read, in column order (the inferred aims' column first). */
  cells: HeaderCell[];
  unknown: UnknownColumn[];
  /** True when the Why?/aim column had no header and was taken to be the blank one before the others. */
  needColumnInferred: boolean;
};

/**
 * A header row names at least three known fields, one of them the action, and no more unknown
 * headers than known ones; it holds no date and no status ("Green"), which are a data row's.
 * Section headings, titles and data rows never pass. Returns null for any other row.
 *
 * Each field goes to one column. Mapped headers first; then, repeatedly, the best-scoring header
 * whose best free field is a clear winner (scores at least THRESHOLD and beats its next free
 * field by the margin), ties to the leftmost. So "DLT lead officer", alone as near the owner as
 * the DLT lead, is the DLT lead beside a "Lead officer" column; a second "Comments" column is
 * left unknown, its field taken.
 */
export function readHeaderRow(
  row: GridRow,
  sheet: string,
  choices: ColumnChoices = new ColumnChoices(),
): Layout | null {
  const cells: HeaderCell[] = [];
  const columns: Partial<Record<Field, string>> = {};
  const open: { cell: HeaderCell; ranked: FieldScore[]; candidates: FieldScore[] }[] = [];
  for (const gridCell of row.cells) {
    // A number is a value, never a header.
    if (gridCell.value?.kind !== 'text') {
      if (gridCell.value !== null)
        cells.push({
          column: gridCell.column,
          header: cellText(gridCell),
          field: null,
          how: 'unrecognised',
          score: null,
        });
      continue;
    }
    const header = cleanText(gridCell.value.text);
    if (header === '') continue;
    const cell: HeaderCell = { column: gridCell.column, header, field: null, how: 'unrecognised', score: null };
    cells.push(cell);
    const mapped = choices.fieldFor(header);
    if (mapped && columns[mapped] === undefined) {
      Object.assign(cell, { field: mapped, how: 'mapped' });
      columns[mapped] = cell.column;
    } else if (choices.isIgnored(header)) cell.how = 'ignored';
    else {
      const reading = recogniseHeader(header);
      open.push({ cell, ranked: reading.ranked, candidates: reading.candidates });
    }
  }

  for (;;) {
    let best: { entry: (typeof open)[number]; field: Field; score: number } | null = null;
    for (const entry of open) {
      if (entry.cell.field !== null) continue;
      const free = rank(entry.ranked.filter((c) => columns[c.field] === undefined));
      const field = clearWinner(free);
      if (field && (!best || free[0]!.score > best.score)) best = { entry, field, score: free[0]!.score };
    }
    if (!best) break;
    Object.assign(best.entry.cell, { field: best.field, how: 'recognised', score: best.score });
    columns[best.field] = best.entry.cell.column;
  }

  const known = cells.filter((cell) => cell.field !== null).length;
  const unknownCells = cells.filter((cell) => cell.how === 'unrecognised');
  if (known < 3 || columns.action === undefined || unknownCells.length > known) return null;
  if (
    row.cells.some(
      (cell) =>
        cell.value?.kind === 'date' || (cell.value?.kind === 'text' && statusFromText(cell.value.text) !== null),
    )
  )
    return null;
  for (const cell of cells)
    if (cell.how === 'mapped' || cell.how === 'ignored') choices.noteUsed(cell.how, cell.header);

  const unknown: UnknownColumn[] = unknownCells.map((cell) => ({
    sheet,
    row: row.row,
    column: cell.column,
    header: cell.header,
    candidates: (open.find((entry) => entry.cell === cell)?.candidates ?? []).map((c) => ({
      ...c,
      takenBy: columns[c.field] ?? null,
    })),
  }));
  let needColumnInferred = false;
  // The 2018-19 plan's first header leaves the aim column's heading blank, yet the aims are there.
  const firstIndex = Math.min(
    ...row.cells.filter((cell) => cellText(cell).trim() !== '').map((cell) => cell.columnIndex),
  );
  if (columns.need === undefined && firstIndex > 1) {
    columns.need = columnLetter(firstIndex - 1);
    needColumnInferred = true;
    cells.unshift({ column: columns.need, header: '', field: 'need', how: 'inferred', score: null });
  }
  return { row: row.row, columns, cells, unknown, needColumnInferred };
}
