import { columnLetter, type GridRow, type GridSheet } from './grid.js';

/**
 * RFC 4180 CSV: quoted fields may hold commas, doubled quotes and line breaks; CRLF or LF ends
 * a record; a UTF-8 BOM is dropped. Excel in some locales saves with ';' or tabs, so the
 * delimiter is whichever of ',', ';', tab occurs most in the first record outside quotes.
 * Everything is text: dates and statuses are read from the words, as for a typed cell.
 */
export function parseCsv(text: string): string[][] {
  const source = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const delimiter = detectDelimiter(source);
  const records: string[][] = [];
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
    } else if (ch === '\r' || ch === '\n') {
      record.push(field);
      records.push(record);
      record = [];
      field = '';
      if (ch === '\r' && source[i + 1] === '\n') i += 1;
    } else field += ch;
    i += 1;
  }
  if (field !== '' || record.length > 0) {
    record.push(field);
    records.push(record);
  }
  return records;
}

function detectDelimiter(text: string): string {
  const counts = new Map<string, number>([[',', 0], [';', 0], ['\t', 0]]);
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

export function csvToSheet(name: string, text: string): GridSheet {
  const records = parseCsv(text);
  const rows: GridRow[] = [];
  records.forEach((fields, r) => {
    const row = r + 1;
    const cells = fields.flatMap((field, c) => {
      if (field.trim() === '') return [];
      const column = columnLetter(c + 1);
      return [{ address: `${column}${row}`, row, column, columnIndex: c + 1, value: { kind: 'text' as const, text: field }, fill: null }];
    });
    if (cells.length > 0) rows.push({ row, cells });
  });
  return { name, rows, rowCount: records.length };
}
