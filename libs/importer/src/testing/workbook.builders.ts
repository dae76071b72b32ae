import ExcelJS from 'exceljs';

/**
 * Workbooks built in memory for the importer's specs: rows as arrays (null = empty cell, an
 * empty array = blank row), a cell as its value or `{ value, fill }` with an ARGB fill.
 */
export type CellSpec =
  | string
  | number
  | Date
  | null
  | { value?: string | number | Date | null; fill?: string | { theme: number; tint?: number } | { indexed: number } };
export type SheetSpec = { name: string; rows: CellSpec[][]; merges?: string[] };

export const SDP_HEADER = [
  'Why?',
  'Who?',
  'Does what?',
  'By when?',
  'How will we know it has been done?',
  'What will be the experience of children?',
  'RAG rated progress',
  'Comments on progress',
];

export async function buildXlsx(sheets: SheetSpec[]): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  for (const spec of sheets) {
    const sheet = workbook.addWorksheet(spec.name);
    spec.rows.forEach((cells, r) => {
      cells.forEach((cell, c) => {
        if (cell === null) return;
        const target = sheet.getCell(r + 1, c + 1);
        if (typeof cell === 'object' && !(cell instanceof Date)) {
          if (cell.value !== undefined && cell.value !== null) target.value = cell.value;
          if (cell.fill) {
            const colour = typeof cell.fill === 'string' ? { argb: cell.fill } : cell.fill;
            target.fill = { type: 'pattern', pattern: 'solid', fgColor: colour as ExcelJS.Color };
          }
        } else target.value = cell;
      });
    });
    for (const range of spec.merges ?? []) sheet.mergeCells(range);
  }
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/** A 2024-25 style plan: title, period line, header at row 3, then `rows`. */
export function sdpPlan(rows: CellSpec[][], header: string[] = SDP_HEADER): SheetSpec {
  return {
    name: 'SDP 2024-25',
    rows: [
      ['Service Development Plan 2024-25'],
      ['Author: A N Other Date of Plan: April 2024 Date of review: quarterly'],
      header,
      ...rows,
    ],
  };
}

/** An action row in SDP_HEADER order. */
export function sdpRow(fields: {
  why?: string;
  who?: string;
  what?: string;
  when?: CellSpec;
  how?: string;
  experience?: string;
  rag?: CellSpec;
  comments?: string;
}): CellSpec[] {
  return [
    fields.why ?? null,
    fields.who ?? null,
    fields.what ?? null,
    fields.when ?? null,
    fields.how ?? null,
    fields.experience ?? null,
    fields.rag ?? null,
    fields.comments ?? null,
  ];
}

export const csvField = (value: string): string => (/[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value);
export const toCsv = (rows: string[][]): string => rows.map((row) => row.map(csvField).join(',')).join('\r\n');
