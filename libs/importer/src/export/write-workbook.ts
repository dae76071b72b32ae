import ExcelJS from 'exceljs';
import type { DateOrText, RagStatus } from '#domain';
import type { ActionCells, PlanSheet, SheetRow } from './lay-out-plan.js';

/**
 * The rows of a plan's workbook → .xlsx bytes, made to open ready to read in Excel and
 * LibreOffice: column widths, wrapped text, row heights to fit it (neither program sizes rows of
 * a file it did not write), the header row frozen, printed landscape a page wide. No I/O.
 */
type Column = { field: keyof ActionCells; header: string; width: number };

// Headers the importer knows (layout/find-layout.ts), in the 2024-25 plan's words where it has them.
export const EXPORT_COLUMNS: readonly Column[] = [
  { field: 'need', header: 'Why?', width: 42 },
  { field: 'ref', header: 'Ref', width: 7 },
  { field: 'owner', header: 'Who?', width: 14 },
  { field: 'dltLead', header: 'DLT lead', width: 10 },
  { field: 'description', header: 'Does what?', width: 45 },
  { field: 'start', header: 'Start', width: 12 },
  { field: 'due', header: 'By when?', width: 14 },
  { field: 'measure', header: 'How will we know it has been done?', width: 36 },
  { field: 'experience', header: 'What will be the experience of children?', width: 36 },
  { field: 'status', header: 'RAG status', width: 14 },
  { field: 'comments', header: 'Comments on progress', width: 60 },
];

/** The fills of the BRAG words: hues the importer reads back as the same status (values/parse-status.ts). */
export const STATUS_FILLS: Record<RagStatus, string> = {
  blue: 'FF0070C0',
  red: 'FFFF0000',
  amber: 'FFFFC000',
  green: 'FF00B050',
};
const WHITE_TEXT: RagStatus[] = ['blue', 'red'];
const HEADER_FILL = 'FFD9D9D9';
const HEADING_FILL = 'FFDDEBF7';
const DATE_FORMAT = 'dd mmm yyyy';
const LINE_HEIGHT = 15;
const MAX_ROW_HEIGHT = 409; // Excel's limit

export async function writePlanWorkbook(sheet: PlanSheet): Promise<Uint8Array> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Oversight';
  const headerRow = sheet.rows.findIndex((row) => row.kind === 'header') + 1;
  const worksheet = workbook.addWorksheet(sheet.name, {
    views: [{ state: 'frozen', xSplit: 0, ySplit: headerRow }],
    pageSetup: { orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0, paperSize: 9 },
  });
  worksheet.columns = EXPORT_COLUMNS.map((column) => ({ width: column.width }));
  const last = EXPORT_COLUMNS.length;
  sheet.rows.forEach((row, i) => writeRow(worksheet, i + 1, row, last));
  if (headerRow > 0) worksheet.pageSetup.printTitlesRow = `${headerRow}:${headerRow}`;
  return new Uint8Array(await workbook.xlsx.writeBuffer());
}

function writeRow(worksheet: ExcelJS.Worksheet, n: number, row: SheetRow, last: number): void {
  const target = worksheet.getRow(n);
  // A title or section spans the table: merged, so the importer and a reader see one cell.
  const spanning = (text: string, font: Partial<ExcelJS.Font>, fill?: string) => {
    worksheet.mergeCells(n, 1, n, last);
    const cell = target.getCell(1);
    cell.value = text;
    cell.font = font;
    cell.alignment = { wrapText: true, vertical: 'middle' };
    if (fill) cell.fill = solid(fill);
    target.height = heightFor(
      [{ text, width: EXPORT_COLUMNS.reduce((sum, column) => sum + column.width, 0) }],
      font.size ?? 11,
    );
  };
  switch (row.kind) {
    case 'title':
      spanning(row.text, { bold: true, size: 14 });
      return;
    case 'as-at':
      spanning(row.text, { bold: true });
      return;
    case 'heading':
      spanning(row.text, { bold: true }, HEADING_FILL);
      return;
    case 'detail': {
      target.getCell(1).value = row.label;
      target.getCell(1).font = { bold: true };
      worksheet.mergeCells(n, 2, n, last);
      target.getCell(2).value = row.value;
      return;
    }
    case 'header':
      EXPORT_COLUMNS.forEach((column, i) => {
        const cell = target.getCell(i + 1);
        cell.value = column.header;
        cell.font = { bold: true };
        cell.fill = solid(HEADER_FILL);
        cell.alignment = { wrapText: true, vertical: 'middle' };
        cell.border = { bottom: { style: 'thin' } };
      });
      target.height = heightFor(EXPORT_COLUMNS.map((column) => ({ text: column.header, width: column.width })));
      return;
    case 'blank':
      return;
    case 'action':
      writeAction(target, row.cells);
      return;
    default: {
      const _exhaustive: never = row;
      return _exhaustive;
    }
  }
}

function writeAction(target: ExcelJS.Row, cells: ActionCells): void {
  const texts: { text: string; width: number }[] = [];
  EXPORT_COLUMNS.forEach((column, i) => {
    const cell = target.getCell(i + 1);
    cell.alignment = { wrapText: true, vertical: 'top' };
    const value = cells[column.field];
    if (value === null) return;
    if (column.field === 'start' || column.field === 'due') {
      const date = value as DateOrText;
      // A date the plan gave as a date is a date cell; words ("Weekly.", "complete") stay words.
      if (date.kind === 'date') {
        cell.value = new Date(`${date.date}T00:00:00.000Z`);
        cell.numFmt = DATE_FORMAT;
        texts.push({ text: '01 Jan 2019', width: column.width });
      } else {
        cell.value = date.text;
        texts.push({ text: date.text, width: column.width });
      }
      return;
    }
    if (column.field === 'status') {
      const status = value as NonNullable<ActionCells['status']>;
      cell.value = status.text;
      cell.fill = solid(STATUS_FILLS[status.status]);
      cell.font = { bold: true, color: { argb: WHITE_TEXT.includes(status.status) ? 'FFFFFFFF' : 'FF000000' } };
      texts.push({ text: status.text, width: column.width });
      return;
    }
    cell.value = value as string;
    texts.push({ text: value as string, width: column.width });
  });
  target.height = heightFor(texts);
}

const solid = (argb: string): ExcelJS.Fill => ({ type: 'pattern', pattern: 'solid', fgColor: { argb } });

// Lines a wrapped cell takes at its column's width (about one character a width unit), the tallest cell's.
function heightFor(cells: { text: string; width: number }[], size = 11): number {
  const lines = Math.max(
    1,
    ...cells.map(({ text, width }) =>
      text
        .split('\n')
        .reduce((sum, line) => sum + Math.max(1, Math.ceil((line.length * 1.1) / Math.max(1, width - 1))), 0),
    ),
  );
  return Math.min(MAX_ROW_HEIGHT, Math.ceil(lines * LINE_HEIGHT * (size / 11)));
}
