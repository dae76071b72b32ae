import { describe, expect, it } from '@jest/globals';
import { buildXlsx } from '../testing/workbook.builders.js';
import { WorkbookError } from '../workbook-error.js';
import { cellText } from './grid.js';
import { parseCsv } from './read-csv.js';
import { MAX_ROWS, readWorkbook } from './read-workbook.js';

const failure = async (bytes: Uint8Array, file: string): Promise<WorkbookError> => {
  try {
    await readWorkbook(bytes, file);
  } catch (error) {
    if (error instanceof WorkbookError) return error;
    throw error;
  }
  throw new Error('expected a WorkbookError');
};

// Deterministic "random" bytes: a linear congruential generator, so a failure can be replayed.
function noise(length: number, seed = 7): Uint8Array {
  const bytes = new Uint8Array(length);
  let x = seed;
  for (let i = 0; i < length; i += 1) {
    x = (x * 1103515245 + 12345) % 2 ** 31;
    bytes[i] = x >> 16;
  }
  return bytes;
}

describe('parseCsv (RFC 4180)', () => {
  it('reads quotes, doubled quotes, embedded commas and line breaks, CRLF and a BOM', () => {
    const text =
      '\ufeffWhy?,Does what?,Comments\r\n"Aim, with comma","Line one\r\nline two","He said ""complete"""\r\nplain,,x\r\n';
    expect(parseCsv(text)).toEqual([
      ['Why?', 'Does what?', 'Comments'],
      ['Aim, with comma', 'Line one\r\nline two', 'He said "complete"'],
      ['plain', '', 'x'],
    ]);
  });

  it('takes semicolons or tabs when the first record uses them', () => {
    expect(parseCsv('a;b;"c;d"\n1;2;3')).toEqual([
      ['a', 'b', 'c;d'],
      ['1', '2', '3'],
    ]);
    expect(parseCsv('a\tb\n1\t2')).toEqual([
      ['a', 'b'],
      ['1', '2'],
    ]);
  });

  it('keeps a last record with no line ending', () => {
    expect(parseCsv('a,b\n1,2')).toEqual([
      ['a', 'b'],
      ['1', '2'],
    ]);
  });
});

describe('readWorkbook', () => {
  it('reads an .xlsx: text, date cells, numbers, merged titles once, fills as ARGB from argb, theme and palette', async () => {
    const bytes = await buildXlsx([
      {
        name: 'Plan',
        rows: [
          ['Merged title'],
          [
            'text',
            new Date(Date.UTC(2024, 4, 1)),
            1.5,
            { fill: 'FF00B050' },
            { fill: { theme: 9 } },
            { fill: { indexed: 10 } },
          ],
        ],
        merges: ['A1:F1'],
      },
    ]);
    const grid = await readWorkbook(bytes, 'plan.xlsx');
    expect(grid.format).toBe('xlsx');
    const [sheet] = grid.sheets;
    expect(sheet.name).toBe('Plan');
    expect(sheet.rows[0].cells.map((c) => c.address)).toEqual(['A1']);
    const cells = sheet.rows[1].cells;
    expect(cells.map((c) => [c.address, c.value, c.fill])).toEqual([
      ['A2', { kind: 'text', text: 'text' }, null],
      ['B2', { kind: 'date', date: '2024-05-01' }, null],
      ['C2', { kind: 'number', number: 1.5, text: '1.5' }, null],
      ['D2', null, 'FF00B050'],
      ['E2', null, 'FF70AD47'],
      ['F2', null, 'FFFF0000'],
    ]);
  });

  it('reads CSV text into one sheet named after the file', async () => {
    const grid = await readWorkbook(
      new TextEncoder().encode('Why?,Does what?\n"a, b",c\n'),
      'uploads/plan-2024-25.csv',
    );
    expect(grid.format).toBe('csv');
    expect(grid.sheets[0].name).toBe('plan-2024-25');
    expect(grid.sheets[0].rows[1].cells.map((c) => [c.address, cellText(c)])).toEqual([
      ['A2', 'a, b'],
      ['B2', 'c'],
    ]);
  });

  it('refuses random bytes as not a workbook, naming the file', async () => {
    const error = await failure(noise(4096), 'mystery.xlsx');
    expect(error.code).toBe('NOT_A_WORKBOOK');
    expect(error.message).toContain('mystery.xlsx');
    expect(error.file).toBe('mystery.xlsx');
  });

  it('refuses a PDF, an empty file and an old .xls with their own words', async () => {
    expect(await failure(new TextEncoder().encode('%PDF-1.7\n...'), 'plan.pdf')).toMatchObject({
      code: 'NOT_A_WORKBOOK',
      message: expect.stringContaining('PDF'),
    });
    expect(await failure(new Uint8Array(0), 'empty.xlsx')).toMatchObject({
      code: 'NOT_A_WORKBOOK',
      message: expect.stringContaining('empty'),
    });
    expect(
      await failure(Uint8Array.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0]), 'old.xls'),
    ).toMatchObject({ code: 'UNSUPPORTED_FORMAT' });
  });

  it('reports a truncated .xlsx as corrupt, naming the file', async () => {
    const whole = await buildXlsx([{ name: 'Plan', rows: [['Why?', 'Who?', 'Does what?']] }]);
    const error = await failure(whole.subarray(0, Math.floor(whole.length / 2)), 'half.xlsx');
    expect(error.code).toBe('CORRUPT');
    expect(error.message).toMatch(/^half\.xlsx: /);
  });

  it('reads OOXML escapes of characters PostgreSQL cannot store as storable text: NUL dropped, a lone surrogate as U+FFFD, pairs and other escapes kept', async () => {
    const bytes = await buildXlsx([
      { name: 'Plan', rows: [['a_x0000_b', 'c_xD800_d', '_xDFFF_', 'e_x0007_f', '😀 _xD83D__xDE00_', '_x0000_']] },
    ]);
    const [row] = (await readWorkbook(bytes, 'escapes.xlsx')).sheets[0].rows;
    expect(row.cells.map((c) => [c.address, cellText(c)])).toEqual([
      ['A1', 'ab'],
      ['B1', 'c\ufffdd'],
      ['C1', '\ufffd'],
      ['D1', 'e\u0007f'],
      ['E1', '😀 😀'],
    ]);
  });

  it(`refuses more than ${MAX_ROWS} rows with values (TOO_LARGE, naming the file and the limit); blank rows do not count`, async () => {
    const rows = (n: number) => ['Why?,Who?,Does what?', ...Array.from({ length: n }, (_, i) => `,HoS,Action ${i}`)];
    const text = (n: number) => new TextEncoder().encode(rows(n).join('\n'));
    expect((await readWorkbook(text(MAX_ROWS - 1), 'just.csv')).sheets[0].rows).toHaveLength(MAX_ROWS);
    const blanks = new TextEncoder().encode(`${rows(10).join('\n')}${'\n,,'.repeat(MAX_ROWS)}`);
    expect((await readWorkbook(blanks, 'blanks.csv')).sheets[0].rows).toHaveLength(11);
    const csv = await failure(text(MAX_ROWS), 'huge.csv');
    expect(csv).toMatchObject({ code: 'TOO_LARGE', file: 'huge.csv', sheet: 'huge' });
    expect(csv.message).toBe(
      'huge.csv: more than 10,000 rows with values (sheet "huge" passes it at row 10,001); at most 10,000 can be imported at once (a plan is a few hundred). Remove the rows that are not the plan\'s, or split it',
    );
    const xlsx = await buildXlsx([
      { name: 'A', rows: rows(MAX_ROWS / 2).map((row) => row.split(',')) },
      { name: 'B', rows: rows(MAX_ROWS / 2).map((row) => row.split(',')) },
    ]);
    // Counted across sheets, and refused while reading: at the first row past the limit, in the second sheet.
    expect(await failure(xlsx, 'two.xlsx')).toMatchObject({
      code: 'TOO_LARGE',
      file: 'two.xlsx',
      sheet: 'B',
      message: expect.stringMatching(
        /^two\.xlsx: more than 10,000 rows with values \(sheet "B" passes it at row 5,000\); at most 10,000/,
      ),
    });
  });
});
