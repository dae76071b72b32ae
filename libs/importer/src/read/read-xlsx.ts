import ExcelJS from 'exceljs';
import { WorkbookError } from '../workbook-error.js';
import { colourToArgb, type ExcelColour } from './colours.js';
import { columnLetter, type CellValue, type GridCell, type GridRow, type GridSheet } from './grid.js';
import { MAX_COLUMNS, MAX_ROWS, tooManyRows } from './grid-limits.js';
import { checkDeclaredSizes, inflateEntry, zipEntries } from './zip-entries.js';

/** The most distinct texts a workbook may hold: ten for each of the most rows an import reads. */
export const MAX_SHARED_STRINGS = 100_000;

export type XlsxContent = { sheets: GridSheet[]; modified: string | null };

/**
 * Reads an .xlsx held in memory into the neutral grid's sheets and the day it was last saved.
 * Every part is unpacked once first, never past the size the zip declares, and the shared
 * strings counted, before exceljs builds its model; rows and columns are capped as the sheets
 * are read. Throws WorkbookError for a file over a limit, and whatever exceljs throws (the
 * caller names the file).
 */
export async function readXlsx(bytes: Buffer, file: string): Promise<XlsxContent> {
  checkParts(bytes, file);
  const workbook = new ExcelJS.Workbook();
  // exceljs' typings want its own Buffer flavour; the bytes are a Node Buffer.
  await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
  const modified =
    workbook.modified instanceof Date && !Number.isNaN(workbook.modified.getTime())
      ? workbook.modified.toISOString()
      : null;
  const rowsRead = { count: 0 };
  return { sheets: workbook.worksheets.map((worksheet) => readSheet(worksheet, file, rowsRead)), modified };
}

function checkParts(bytes: Buffer, file: string): void {
  const entries = zipEntries(bytes, file);
  checkDeclaredSizes(entries, file);
  for (const entry of entries) {
    const part = inflateEntry(bytes, entry, file);
    if (!/sharedStrings\.xml$/i.test(entry.name)) continue;
    const strings = part.toString('latin1').match(/<(?:\w+:)?si[\s>/]/g)?.length ?? 0;
    if (strings > MAX_SHARED_STRINGS)
      throw new WorkbookError(
        'TOO_LARGE',
        file,
        `${file}: too large or too complex to read: ${strings.toLocaleString('en-GB')} distinct texts, over the ${MAX_SHARED_STRINGS.toLocaleString('en-GB')} a workbook may hold (a plan has a few thousand). Save a copy with only the plan's sheets and import that`,
      );
  }
}

function readSheet(worksheet: ExcelJS.Worksheet, file: string, rowsRead: { count: number }): GridSheet {
  const name = storableText(worksheet.name);
  const rows: GridRow[] = [];
  worksheet.eachRow({ includeEmpty: false }, (row, rowNumber) => {
    const cells: GridCell[] = [];
    for (const [cell, columnIndex] of existingCells(row)) {
      // A merged range shows its value once, in its top-left cell: the rest are blank, as on screen,
      // so a title merged across A:H stays a one-cell row.
      if (cell.isMerged && cell.master.address !== cell.address) continue;
      const value = readValue(cell.value);
      if (columnIndex > MAX_COLUMNS) {
        // A fill far to the right (a whole row coloured) is nothing of the plan's; a value there is refused.
        if (value === null) continue;
        throw new WorkbookError(
          'TOO_LARGE',
          file,
          `${file}: sheet "${name}" has a value in cell ${columnLetter(columnIndex)}${rowNumber}, beyond column ${columnLetter(MAX_COLUMNS)} (the ${MAX_COLUMNS}th); a plan's columns are within the first ${MAX_COLUMNS}. Delete the columns to the right of the plan, or copy the plan to a new workbook`,
          name,
        );
      }
      const fill = readFill(cell.fill);
      if (value === null && fill === null) continue;
      const column = columnLetter(columnIndex);
      cells.push({ address: `${column}${rowNumber}`, row: rowNumber, column, columnIndex, value, fill });
    }
    if (!cells.some((cell) => cell.value !== null)) return;
    rowsRead.count += 1;
    if (rowsRead.count > MAX_ROWS) throw tooManyRows(file, name, rowNumber);
    rows.push({ row: rowNumber, cells });
  });
  return { name, rows, rowCount: worksheet.rowCount };
}

/**
 * The cells a row holds, with their column numbers, skipping the columns it has none in.
 * exceljs' `eachCell({ includeEmpty: true })` creates a cell for every column up to the row's
 * last (16,384 for one cell in XFD: millions for a sheet of such rows); without it, it skips
 * cells with only a fill, which the grid keeps. Its model lists exactly the cells that exist.
 */
function existingCells(row: ExcelJS.Row): Array<[ExcelJS.Cell, number]> {
  const cells = (row.model as { cells?: Array<{ address: string }> } | undefined)?.cells ?? [];
  return cells.flatMap(({ address }) => {
    const column = columnNumber(address);
    const cell = row.findCell(column);
    return cell ? [[cell, column] as [ExcelJS.Cell, number]] : [];
  });
}

/** 'XFD12' → 16384. */
function columnNumber(address: string): number {
  let n = 0;
  for (const ch of address) {
    const code = ch.charCodeAt(0);
    if (code < 65 || code > 90) break;
    n = n * 26 + (code - 64);
  }
  return n;
}

function readValue(raw: ExcelJS.CellValue): CellValue | null {
  if (raw === null || raw === undefined) return null;
  if (raw instanceof Date) return Number.isNaN(raw.getTime()) ? null : { kind: 'date', date: isoDateOf(raw) };
  if (typeof raw === 'number') return { kind: 'number', number: raw, text: String(raw) };
  if (typeof raw === 'boolean') return text(raw ? 'TRUE' : 'FALSE');
  if (typeof raw === 'string') return text(raw);
  if ('richText' in raw && Array.isArray(raw.richText)) return text(raw.richText.map((run) => run.text).join(''));
  if ('formula' in raw || 'sharedFormula' in raw)
    return readValue((raw as { result?: ExcelJS.CellValue }).result ?? null);
  if ('hyperlink' in raw && 'text' in raw) return readValue(raw.text as ExcelJS.CellValue);
  if ('error' in raw) return text(String(raw.error));
  return null;
}

const text = (value: string): CellValue | null => {
  const storable = storableText(value);
  return storable.trim() === '' ? null : { kind: 'text', text: storable };
};

/**
 * Text as it can be stored: exceljs turns OOXML's escapes back into characters (`_x0000_` into a
 * NUL, `_xD800_` into half a surrogate pair), which no valid XML holds as such and PostgreSQL
 * cannot store. A NUL is dropped and a lone surrogate becomes U+FFFD, as a UTF-8 encoder does.
 */
export const storableText = (value: string): string =>
  value
    // eslint-disable-next-line no-control-regex -- PostgreSQL text cannot hold a NUL
    .replace(/\u0000/g, '')
    .replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '\ufffd');

// exceljs turns a date serial into a Date at UTC midnight: its UTC fields are the calendar date shown.
const isoDateOf = (date: Date): string =>
  `${String(date.getUTCFullYear()).padStart(4, '0')}-${String(date.getUTCMonth() + 1).padStart(2, '0')}-${String(date.getUTCDate()).padStart(2, '0')}`;

function readFill(fill: ExcelJS.Fill | undefined): string | null {
  if (!fill || fill.type !== 'pattern' || fill.pattern === 'none') return null;
  return colourToArgb((fill.fgColor ?? fill.bgColor) as ExcelColour | undefined);
}
