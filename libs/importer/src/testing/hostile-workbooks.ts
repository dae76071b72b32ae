import { crc32, deflateRawSync } from 'node:zlib';
import ExcelJS from 'exceljs';
import { inflateEntry, zipEntries } from '../read/zip-entries.js';
import { buildXlsx, sdpPlan, sdpRow } from './workbook.builders.js';

/**
 * Workbooks made to hurt a reader (issue #22, "Hostile input"), built by the tests: each small
 * to send, each refused with the words the person importing it should see.
 */
export interface HostileWorkbook {
  name: string;
  /** What it does to a reader that trusts it. */
  how: string;
  bytes: Buffer;
  /** The WorkbookError code it is refused with (TOO_LARGE is HTTP 413). */
  code: 'TOO_LARGE' | 'CORRUPT';
  /** Words the refusal must hold, besides the file's name. */
  says: RegExp;
}

type Part = { name: string; data: Buffer; declared?: number };

/** A zip of `parts`, deflated; `declared` overrides the unpacked size its directory states (a lie). */
export function zipOf(parts: Part[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const part of parts) {
    const name = Buffer.from(part.name, 'utf8');
    const packed = deflateRawSync(part.data, { level: 9 });
    // The local header and the directory's entry share these fields, from `at` on (the entry has a "made by" version first).
    const header = (signature: number, size: number, at: number) => {
      const b = Buffer.alloc(size);
      b.writeUInt32LE(signature, 0);
      b.writeUInt16LE(20, at);
      b.writeUInt16LE(8, at + 4);
      b.writeUInt32LE(crc32(part.data), at + 10);
      b.writeUInt32LE(packed.length, at + 14);
      b.writeUInt32LE(part.declared ?? part.data.length, at + 18);
      b.writeUInt16LE(name.length, at + 22);
      return b;
    };
    const local = header(0x04034b50, 30, 4);
    const central = header(0x02014b50, 46, 6);
    central.writeUInt16LE(20, 4);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, packed);
    centrals.push(central, name);
    offset += 30 + name.length + packed.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(parts.length, 8);
  end.writeUInt16LE(parts.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

/** A real workbook's parts, unpacked, with `replace` put in place of (or beside) its own. */
export function withParts(workbook: Buffer, replace: Part[]): Buffer {
  const parts: Part[] = zipEntries(workbook, 'workbook.xlsx').map((entry) => ({
    name: entry.name,
    data: inflateEntry(workbook, entry, 'workbook.xlsx'),
  }));
  const names = new Set(replace.map((part) => part.name));
  return zipOf([...parts.filter((part) => !names.has(part.name)), ...replace]);
}

const SHEET = 'xl/worksheets/sheet1.xml';
const sheetXml = (rows: string) =>
  Buffer.from(
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>${rows}</sheetData></worksheet>`,
  );

/** The workbook of the issue: one cell in column XFD (the 16,384th) on each of 4,000 rows. */
export async function cellsAtXfd(rows = 4_000): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('Plan');
  for (let row = 1; row <= rows; row += 1) sheet.getCell(row, 16_384).value = `far ${row}`;
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/** Every hostile workbook, each built from a small plan that reads fine. */
export async function hostileWorkbooks(): Promise<HostileWorkbook[]> {
  const plan = await buildXlsx([sdpPlan([sdpRow({ why: 'Audit 1', who: 'HoS', what: 'Audit plans monthly' })])]);
  const zeros = (mb: number) => Buffer.alloc(mb * 1024 * 1024, 0x20);
  const strings = Array.from({ length: 150_000 }, (_, i) => `<si><t>text ${i.toString(36)}</t></si>`).join('');
  return [
    {
      name: 'cells-at-xfd.xlsx',
      how: 'one cell in column XFD on each of 4,000 rows',
      bytes: await cellsAtXfd(),
      code: 'TOO_LARGE',
      says: /sheet "Plan" has a value in cell XFD1, beyond column GR/,
    },
    {
      name: 'zip-bomb.xlsx',
      how: 'a sheet that unpacks to 200 MB (of spaces), declared',
      bytes: withParts(plan, [{ name: SHEET, data: zeros(200) }]),
      code: 'TOO_LARGE',
      says: /part "xl\/worksheets\/sheet1\.xml" unpacks to 200 MB, over the 50 MB/,
    },
    {
      name: 'packed-tight.xlsx',
      how: 'a sheet of 20 MB that packs 1,000 to 1',
      bytes: withParts(plan, [{ name: SHEET, data: Buffer.concat([sheetXml(''), zeros(20)]) }]),
      code: 'TOO_LARGE',
      says: /part "xl\/worksheets\/sheet1\.xml" unpacks to [\d,]+ times its packed size/,
    },
    {
      name: 'lying-zip-bomb.xlsx',
      how: 'a sheet that declares 1,000 bytes and unpacks to 60 MB',
      bytes: withParts(plan, [{ name: SHEET, data: Buffer.concat([sheetXml(''), zeros(60)]), declared: 1_000 }]),
      code: 'TOO_LARGE',
      says: /part "xl\/worksheets\/sheet1\.xml" unpacks to more than the 1,000 bytes its zip directory declares/,
    },
    {
      name: 'many-strings.xlsx',
      how: '150,000 distinct texts in the shared strings',
      bytes: withParts(plan, [
        {
          name: 'xl/sharedStrings.xml',
          data: Buffer.from(
            `<?xml version="1.0" encoding="UTF-8"?>\n<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">${strings}</sst>`,
          ),
        },
      ]),
      code: 'TOO_LARGE',
      says: /150,000 distinct texts, over the 100,000/,
    },
  ];
}
