import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from '@jest/globals';
import { cellsAtXfd, hostileWorkbooks, withParts, type HostileWorkbook } from '../testing/hostile-workbooks.js';
import { buildXlsx, sdpPlan, sdpRow } from '../testing/workbook.builders.js';
import { WorkbookError } from '../workbook-error.js';
import { MAX_COLUMNS, MAX_ROWS } from './grid-limits.js';
import { readWorkbook } from './read-workbook.js';
import { readXlsx } from './read-xlsx.js';
import { readXlsxInWorker } from './read-xlsx-in-worker.js';

// readWorkbook reads an .xlsx in a worker thread started from the built dist/ (npm run build first);
// readXlsx is the same reading in this thread, from the sources.

const readCsvText = (text: string, file: string) => failure(readWorkbook(new TextEncoder().encode(text), file));

const failure = async (reading: Promise<unknown>): Promise<WorkbookError> => {
  try {
    await reading;
  } catch (error) {
    if (error instanceof WorkbookError) return error;
    throw error;
  }
  throw new Error('expected a WorkbookError');
};

describe('the fixture plans read the same as before iterating only the cells that exist', () => {
  // SHA-256 of JSON.stringify(readWorkbook(...)) computed with the reader as it was before the caps (eachCell with includeEmpty).
  const BEFORE = {
    'service-development-plan-2024-25.xlsx': '921eebe32e563160e84e99997ab4e66ffa3e10f6329e711634f13b7b9d9b20ee',
    'service-improvement-plan-2018-19.xlsx': '6f65ee1bad3f5c2cdb6ba83c18c6231e38bb20605f181fd35bbb84c848c8d1d2',
  };
  it.each(Object.entries(BEFORE))('%s: the same grid, in the worker and in this thread', async (name, hash) => {
    const bytes = readFileSync(new URL(`../../../../tests/fixtures/${name}`, import.meta.url));
    const grid = await readWorkbook(bytes, name);
    // The cells are compared; the time the workbook was saved has since been kept to the instant
    // (a day is judged from it in TIME_ZONE), where the reader then kept its UTC day.
    const asThen = {
      ...grid,
      modified: grid.modified === undefined ? undefined : (grid.modified?.slice(0, 10) ?? null),
    };
    expect(createHash('sha256').update(JSON.stringify(asThen)).digest('hex')).toBe(hash);
    const inThread = await readXlsx(bytes, name);
    expect(inThread.sheets).toEqual(grid.sheets);
  });
});

describe('hostile workbooks are refused, naming the file, before they cost memory', () => {
  let hostile: HostileWorkbook[];
  beforeAll(async () => {
    hostile = await hostileWorkbooks();
  });

  it('are each small to send', () => {
    for (const workbook of hostile) expect(workbook.bytes.length).toBeLessThan(1024 * 1024);
  });

  it.each(['cells-at-xfd.xlsx', 'zip-bomb.xlsx', 'packed-tight.xlsx', 'lying-zip-bomb.xlsx', 'many-strings.xlsx'])(
    '%s',
    async (name) => {
      const workbook = hostile.find((candidate) => candidate.name === name)!;
      const before = process.memoryUsage().rss;
      const error = await failure(readWorkbook(workbook.bytes, name));
      expect(error).toMatchObject({
        code: workbook.code,
        file: name,
        message: expect.stringMatching(new RegExp(`^${name.replace('.', '\\.')}: `)),
      });
      expect(error.message).toMatch(workbook.says);
      // Nothing of it grew this process: the parts are unpacked (if at all) in the worker.
      expect(process.memoryUsage().rss - before).toBeLessThan(150 * 1024 * 1024);
    },
  );

  it('a cell far right is refused in this thread too, naming sheet and cell, and only once it holds a value', async () => {
    const error = await failure(readXlsx(await cellsAtXfd(4_000), 'far.xlsx'));
    expect(error).toMatchObject({
      code: 'TOO_LARGE',
      sheet: 'Plan',
      message: expect.stringContaining('far.xlsx: sheet "Plan" has a value in cell XFD1, beyond column GR (the 200th)'),
    });
    const edge = await buildXlsx([
      { name: 'Plan', rows: [[...Array<null>(MAX_COLUMNS - 1).fill(null), 'last column', { fill: 'FF00B050' }]] },
    ]);
    const [row] = (await readXlsx(edge, 'edge.xlsx')).sheets[0]!.rows;
    expect(row!.cells.map((cell) => cell.address)).toEqual(['GR1']);
  });

  it(`counts rows with values across sheets as it reads them, and stops at the ${MAX_ROWS + 1}st`, async () => {
    const rows = Array.from({ length: MAX_ROWS / 2 + 1 }, (_, i) => sdpRow({ what: `Action ${i}` }));
    const bytes = await buildXlsx([
      { name: 'A', rows },
      { name: 'B', rows },
    ]);
    expect(await failure(readXlsx(bytes, 'rows.xlsx'))).toMatchObject({
      code: 'TOO_LARGE',
      sheet: 'B',
      message: expect.stringContaining('(sheet "B" passes it at row 5,000)'),
    });
  });

  it('a directory that declares less than its part unpacks to is refused while unpacking, not trusted', async () => {
    const plan = await buildXlsx([sdpPlan([sdpRow({ why: 'Audit 1', who: 'HoS', what: 'Audit plans monthly' })])]);
    const lying = withParts(plan, [
      { name: 'xl/styles.xml', data: Buffer.alloc(2 * 1024 * 1024, 0x20), declared: 100 },
    ]);
    expect(await failure(readXlsx(lying, 'lies.xlsx'))).toMatchObject({
      code: 'TOO_LARGE',
      message: expect.stringContaining('part "xl/styles.xml" unpacks to more than the 100 bytes'),
    });
  });

  it('a CSV is refused at a value beyond the last column, or past the last row, as it is read', async () => {
    const wide = `${'a,'.repeat(MAX_COLUMNS)}b\n`;
    expect(await readCsvText(wide, 'wide.csv')).toMatchObject({
      code: 'TOO_LARGE',
      sheet: 'wide',
      message: expect.stringContaining('wide.csv: row 1 has a value in column GS, beyond column GR'),
    });
    expect(await readCsvText(','.repeat(20_000), 'commas.csv')).toMatchObject({
      code: 'TOO_LARGE',
      message: expect.stringContaining('commas.csv: row 1 has more than 16,384 columns'),
    });
    const lines = `Why?\n${'x\n'.repeat(MAX_ROWS)}`;
    expect(await readCsvText(lines, 'long.csv')).toMatchObject({
      code: 'TOO_LARGE',
      message: expect.stringContaining('passes it at row 10,001'),
    });
  });
});

describe('the worker thread', () => {
  it('refuses a workbook that would take longer than its deadline, and one that needs more memory than its limit, as too large or too complex', async () => {
    const plan = await buildXlsx([
      sdpPlan(
        Array.from({ length: 2_000 }, (_, i) =>
          sdpRow({ why: `Why ${i}`, who: `Owner ${i}`, what: `Action ${i}`, comments: `Comment ${i}`.repeat(20) }),
        ),
      ),
    ]);
    expect(await failure(readXlsxInWorker(plan, 'slow.xlsx', { memoryMb: 512, timeoutMs: 1 }))).toMatchObject({
      code: 'TOO_LARGE',
      message: expect.stringMatching(
        /^slow\.xlsx: too large or too complex to read \(reading it took more than 0\.001 seconds\)/,
      ),
    });
    expect(await failure(readXlsxInWorker(plan, 'big.xlsx', { memoryMb: 8, timeoutMs: 30_000 }))).toMatchObject({
      code: 'TOO_LARGE',
      message: expect.stringMatching(
        /^big\.xlsx: too large or too complex to read \(reading it needed more than 8 MB of memory\)/,
      ),
    });
    // And the next one is read as ever.
    expect((await readXlsxInWorker(plan, 'plan.xlsx')).sheets[0]!.rows).toHaveLength(2_003);
  });
});
