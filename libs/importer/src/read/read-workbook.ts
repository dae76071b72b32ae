import { isWorkbookError, WorkbookError } from '../workbook-error.js';
import type { Grid } from './grid.js';
import { csvToSheet } from './read-csv.js';
import { readXlsxInWorker } from './read-xlsx-in-worker.js';
import { checkDeclaredSizes, zipEntries } from './zip-entries.js';

export { MAX_COLUMNS, MAX_ROWS } from './grid-limits.js';
export { MAX_SHARED_STRINGS } from './read-xlsx.js';

/**
 * Bytes and the file's name → the neutral grid. The format is decided by the bytes, not the
 * name (a CSV saved as "plan.xlsx" is still read; a PDF renamed ".csv" is refused), because
 * files reach the importer by e-mail and get renamed on the way.
 */
export async function readWorkbook(bytes: Uint8Array, file: string): Promise<Grid> {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (buffer.length === 0) throw new WorkbookError('NOT_A_WORKBOOK', file, `${file}: the file is empty`);

  if (startsWith(buffer, [0x50, 0x4b, 0x03, 0x04])) return { file, format: 'xlsx', ...(await readZip(buffer, file)) };
  if (startsWith(buffer, [0x50, 0x4b, 0x05, 0x06]))
    throw new WorkbookError('NOT_A_WORKBOOK', file, `${file}: an empty zip archive, not an Excel workbook`);
  if (startsWith(buffer, [0xd0, 0xcf, 0x11, 0xe0]))
    throw new WorkbookError(
      'UNSUPPORTED_FORMAT',
      file,
      `${file}: an Excel 97-2003 (.xls) or other OLE file; save it as .xlsx (Excel Workbook) and import that`,
    );
  if (startsWith(buffer, [0x25, 0x50, 0x44, 0x46]))
    throw new WorkbookError(
      'NOT_A_WORKBOOK',
      file,
      `${file}: a PDF, not a workbook; import the plan's .xlsx or a CSV export`,
    );

  const text = decodeText(buffer);
  if (text === null)
    throw new WorkbookError('NOT_A_WORKBOOK', file, `${file}: not a workbook (neither an .xlsx file nor CSV text)`);
  return { file, format: 'csv', sheets: [csvToSheet(baseName(file), text, file)], modified: null };
}

async function readZip(buffer: Buffer, file: string) {
  // Entry names are stored as plain bytes in a zip, so a Word or PowerPoint file shows itself without unzipping.
  const hasWorkbookPart = buffer.includes('xl/workbook.xml') || buffer.includes('xl/_rels');
  if (!hasWorkbookPart && (buffer.includes('word/') || buffer.includes('ppt/')))
    throw new WorkbookError('NOT_A_WORKBOOK', file, `${file}: a Word or PowerPoint document, not an Excel workbook`);
  // The sizes its directory declares are checked here, before a worker is started for it.
  checkDeclaredSizes(zipEntries(buffer, file), file);
  let sheets, modified;
  try {
    ({ sheets, modified } = await readXlsxInWorker(buffer, file));
  } catch (cause) {
    if (isWorkbookError(cause)) throw cause;
    const reason = cause instanceof Error ? cause.message : String(cause);
    throw new WorkbookError(
      'CORRUPT',
      file,
      `${file}: the workbook is damaged or incomplete and cannot be opened (${reason})`,
      null,
      { cause },
    );
  }
  if (sheets.length === 0) {
    if (!hasWorkbookPart)
      throw new WorkbookError('NOT_A_WORKBOOK', file, `${file}: a zip archive, not an Excel workbook`);
    throw new WorkbookError('CORRUPT', file, `${file}: the workbook has no worksheets`);
  }
  return { sheets, modified };
}

const startsWith = (buffer: Buffer, magic: number[]): boolean => magic.every((byte, i) => buffer[i] === byte);

// Text is UTF-8 (with or without BOM) or, failing that, Windows-1252 as older Excel writes CSV;
// control characters other than tab/CR/LF/FF (C1 ones included) mean binary data, not a CSV.
function decodeText(buffer: Buffer): string | null {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(buffer);
  } catch {
    text = new TextDecoder('windows-1252').decode(buffer);
  }
  // eslint-disable-next-line no-control-regex
  const controls = text.match(/[\u0000-\u0008\u000b\u000e-\u001f\u007f-\u009f]/g)?.length ?? 0;
  return controls === 0 ? text : null;
}

const baseName = (file: string): string => file.replace(/^.*[\\/]/, '').replace(/\.[^.]+$/, '') || file;
