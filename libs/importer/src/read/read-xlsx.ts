import ExcelJS from 'exceljs';
import { colourToArgb, type ExcelColour } from './colours.js';
import { columnLetter, type CellValue, type GridCell, type GridRow, type GridSheet } from './grid.js';

/** Reads an .xlsx held in memory into the neutral grid's sheets and the day it was last saved. Throws whatever exceljs throws; the caller names the file. */
export async function readXlsx(bytes: Buffer): Promise<{ sheets: GridSheet[]; modified: string | null }> {
  const workbook = new ExcelJS.Workbook();
  // exceljs' typings want its own Buffer flavour; the bytes are a Node Buffer.
  await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
  const modified = workbook.modified instanceof Date && !Number.isNaN(workbook.modified.getTime()) ? isoDateOf(workbook.modified) : null;
  return { sheets: workbook.worksheets.map(readSheet), modified };
}

function readSheet(worksheet: ExcelJS.Worksheet): GridSheet {
  const rows: GridRow[] = [];
  worksheet.eachRow({ includeEmpty: false }, (row, rowNumber) => {
    const cells: GridCell[] = [];
    row.eachCell({ includeEmpty: true }, (cell, columnIndex) => {
      // A merged range shows its value once, in its top-left cell: the rest are blank, as on screen,
      // so a title merged across A:H stays a one-cell row.
      if (cell.isMerged && cell.master.address !== cell.address) return;
      const value = readValue(cell.value);
      const fill = readFill(cell.fill);
      if (value === null && fill === null) return;
      const column = columnLetter(columnIndex);
      cells.push({ address: `${column}${rowNumber}`, row: rowNumber, column, columnIndex, value, fill });
    });
    if (cells.some((cell) => cell.value !== null)) rows.push({ row: rowNumber, cells });
  });
  return { name: storableText(worksheet.name), rows, rowCount: worksheet.rowCount };
}

function readValue(raw: ExcelJS.CellValue): CellValue | null {
  if (raw === null || raw === undefined) return null;
  if (raw instanceof Date) return Number.isNaN(raw.getTime()) ? null : { kind: 'date', date: isoDateOf(raw) };
  if (typeof raw === 'number') return { kind: 'number', number: raw, text: String(raw) };
  if (typeof raw === 'boolean') return text(raw ? 'TRUE' : 'FALSE');
  if (typeof raw === 'string') return text(raw);
  if ('richText' in raw && Array.isArray(raw.richText)) return text(raw.richText.map((run) => run.text).join(''));
  if ('formula' in raw || 'sharedFormula' in raw) return readValue((raw as { result?: ExcelJS.CellValue }).result ?? null);
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
  // eslint-disable-next-line no-control-regex
  value.replace(/\u0000/g, '').replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '\ufffd');

// exceljs turns a date serial into a Date at UTC midnight: its UTC fields are the calendar date shown.
const isoDateOf = (date: Date): string =>
  `${String(date.getUTCFullYear()).padStart(4, '0')}-${String(date.getUTCMonth() + 1).padStart(2, '0')}-${String(date.getUTCDate()).padStart(2, '0')}`;

function readFill(fill: ExcelJS.Fill | undefined): string | null {
  if (!fill || fill.type !== 'pattern' || fill.pattern === 'none') return null;
  return colourToArgb((fill.fgColor ?? fill.bgColor) as ExcelColour | undefined);
}
