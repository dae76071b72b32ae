import { WorkbookError } from '../workbook-error.js';
import { columnLetter, type GridRow, type GridSheet } from './grid.js';
import { MAX_COLUMNS, MAX_ROWS, tooManyRows } from './grid-limits.js';

/** Excel's own widest row: a record with more fields than this came from no spreadsheet. */
const MAX_FIELDS = 16_384;

/**
 * RFC 4180 CSV: quoted fields may hold commas, doubled quotes and line breaks; CRLF or LF ends
 * a record; a UTF-8 BOM is dropped. Excel in some locales saves with ';' or tabs, so the
 * delimiter is whichever of ',', ';', tab occurs most in the first record outside quotes.
 * Everything is text: dates and statuses are read from the words, as for a typed cell.
 */
export function parseCsv(text: string): string[][] {
  return [...csvRecords(text)];
}

/** parseCsv one record at a time, so a reader can stop early; `tooWide` is thrown for a record of more than MAX_FIELDS fields. */
export function* csvRecords(
  text: string,
  tooWide: (record: number) => Error = (n) => new RangeError(`record ${n} has more than ${MAX_FIELDS} fields`),
): Generator<string[]> {
  const source = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const delimiter = detectDelimiter(source);
  let records = 0;
  let record: string[] = [];
  let field = '';
  let quoted = false;
  let i = 0;
  while (i < source.length) {
    const ch = source[i];
    if (quoted) {
      if (ch === '"') {
        if (source[i + 1] === '"') {
          field += '"';
          i += 2;
          continue;
        }
        quoted = false;
      } else field += ch;
      i += 1;
      continue;
    }
    if (ch === '"' && field === '') quoted = true;
    else if (ch === delimiter) {
      record.push(field);
      field = '';
      if (record.length > MAX_FIELDS) throw tooWide(records + 1);
    } else if (ch === '\r' || ch === '\n') {
      record.push(field);
      records += 1;
      yield record;
      record = [];
      field = '';
      if (ch === '\r' && source[i + 1] === '\n') i += 1;
    } else field += ch;
    i += 1;
  }
  if (field !== '' || record.length > 0) {
    record.push(field);
    yield record;
  }
}

function detectDelimiter(text: string): string {
  const counts = new Map<string, number>([
    [',', 0],
    [';', 0],
    ['\t', 0],
  ]);
  let quoted = false;
  for (const ch of text) {
    if (ch === '"') quoted = !quoted;
    else if (!quoted && (ch === '\n' || ch === '\r')) break;
    else if (!quoted && counts.has(ch)) counts.set(ch, (counts.get(ch) ?? 0) + 1);
  }
  let best = ',';
  for (const [delimiter, count] of counts) if (count > (counts.get(best) ?? 0)) best = delimiter;
  return best;
}

/** The CSV text as the sheet `name` of `file`: refused (TOO_LARGE) as soon as it passes MAX_ROWS rows with values, or has a value beyond column MAX_COLUMNS. */
export function csvToSheet(name: string, text: string, file: string = name): GridSheet {
  const beyond = `beyond column ${columnLetter(MAX_COLUMNS)} (the ${MAX_COLUMNS}th); a plan's columns are within the first ${MAX_COLUMNS}`;
  const tooWide = (row: number, what: string) =>
    new WorkbookError('TOO_LARGE', file, `${file}: row ${row.toLocaleString('en-GB')} has ${what}, ${beyond}`, name);
  const rows: GridRow[] = [];
  let row = 0;
  for (const fields of csvRecords(text, (n) => tooWide(n, `more than ${MAX_FIELDS.toLocaleString('en-GB')} columns`))) {
    row += 1;
    const cells = fields.flatMap((field, c) => {
      if (field.trim() === '') return [];
      if (c >= MAX_COLUMNS) throw tooWide(row, `a value in column ${columnLetter(c + 1)}`);
      const column = columnLetter(c + 1);
      return [
        {
          address: `${column}${row}`,
          row,
          column,
          columnIndex: c + 1,
          value: { kind: 'text' as const, text: field },
          fill: null,
        },
      ];
    });
    if (cells.length === 0) continue;
    if (rows.length === MAX_ROWS) throw tooManyRows(file, name, row);
    rows.push({ row, cells });
  }
  return { name, rows, rowCount: row };
}
