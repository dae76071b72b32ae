import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import fc from 'fast-check';
import { FIELDS, MAX_ROWS } from '#importer';
import { HEADER_VARIANTS, NOT_FIELDS } from '../../libs/importer/src/layout/testing/header-variants.js';
import { SDP_HEADER, toCsv } from '../../libs/importer/src/testing/workbook.builders.js';
import { fixtureBytes, FIXTURES } from '../../libs/importer/src/write/testing/workbook-versions.js';
import { bearer, startApi, type ApiUnderTest } from '../support/api-harness.js';
import { runOversight } from '../support/programs.js';
import { INJECTIONS, UNSTORABLE } from './support/injections.js';
import { appendedAfter, randomFrom, SERVER_URL, seedFor, storeHead, type Sql } from './support/reliability.js';

/** Runs per property: 40 by default, RELIABILITY_FUZZ_RUNS scaling them as for the endpoint fuzzing (its default is 100). About 130 uploads in all. */
const RUNS = Math.max(1, Math.round((Number(process.env.RELIABILITY_FUZZ_RUNS ?? 100) / 100) * 40));

// ---------------------------------------------------------------- arbitraries

const LONE_SURROGATES = ['\ud800', 'a\udfffb', '\udc00\ud800'];
/** OOXML's escapes for characters XML cannot hold (Excel writes a BEL as _x0007_): a reader turns them back into NUL, lone surrogates and controls. */
const OOXML_ESCAPES = [
  'a_x0000_b',
  '_x0000_',
  'c_xD800_d',
  '_xDFFF_',
  'e_x0007_f',
  '_x001B_[31m',
  'not an escape: _x00_ _xZZZZ_',
];
const EVIL_FORMULA = { formula: 'HYPERLINK("http://evil.example","x")', result: 'x' };
const CMD_INJECTION = "=cmd|' /C calc'!A0";

/** Random bytes: `length` of them from a seeded generator (cheap to make and to shrink: the length shrinks). */
const noise = (length: number, seed: number): Buffer => {
  const random = randomFrom(seed);
  return Buffer.from(Array.from({ length }, () => Math.floor(random() * 256)));
};

/** What may come before random bytes: nothing, the magic numbers the reader looks at, or the start of a plan in CSV. */
const PREFIXES: Record<string, Buffer> = {
  none: Buffer.alloc(0),
  zip: Buffer.from([0x50, 0x4b, 0x03, 0x04]),
  'zip + workbook entry name': Buffer.concat([
    Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0, 0, 0, 8, 0]),
    Buffer.from('xl/workbook.xml'),
  ]),
  'empty zip': Buffer.from([0x50, 0x4b, 0x05, 0x06]),
  ole: Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]),
  pdf: Buffer.from('%PDF-1.7\n'),
  'utf-8 bom': Buffer.from([0xef, 0xbb, 0xbf]),
  csv: Buffer.from(
    `${SDP_HEADER.join(',')}\r\nAudit 2024 recommendation 1,HoS,Audit plans monthly,31/03/2025,Green,"01/05/24 - `,
  ),
};

const randomFiles = fc.oneof(
  // Anything up to 64 KB, after any prefix.
  fc
    .record({
      prefix: fc.constantFrom(...Object.keys(PREFIXES)),
      length: fc.integer({ min: 0, max: 64 * 1024 }),
      seed: fc.integer(),
    })
    .map(({ prefix, length, seed }) => ({
      how: `${prefix} + ${length} random bytes (seed ${seed})`,
      bytes: Buffer.concat([PREFIXES[prefix]!, noise(length, seed)]),
    })),
  // Short ones, byte by byte.
  fc.tuple(fc.constantFrom(...Object.keys(PREFIXES)), fc.uint8Array({ maxLength: 64 })).map(([prefix, bytes]) => ({
    how: `${prefix} + [${bytes.join(',')}]`,
    bytes: Buffer.concat([PREFIXES[prefix]!, bytes]),
  })),
  // Text: printable but not a plan, or CSV that breaks its quoting.
  fc
    .string({ unit: 'binary', maxLength: 2000 })
    .map((text) => ({ how: `text ${JSON.stringify(text.slice(0, 80))}`, bytes: Buffer.from(text) })),
);

const FIXTURE_BYTES = [FIXTURES.sdp2024, FIXTURES.sip2018].map((name) => ({ name, bytes: fixtureBytes(name) }));

/** A fixture cut short, with some bytes changed, or both. */
const damagedFixtures = fc
  .record({
    fixture: fc.constantFrom(0, 1),
    cutAt: fc.option(fc.double({ min: 0, max: 1, noNaN: true, maxExcluded: true }), { nil: null }),
    flips: fc.array(
      fc.tuple(fc.double({ min: 0, max: 1, noNaN: true, maxExcluded: true }), fc.integer({ min: 1, max: 255 })),
      { maxLength: 12 },
    ),
  })
  .filter(({ cutAt, flips }) => cutAt !== null || flips.length > 0)
  .map(({ fixture, cutAt, flips }) => {
    const { name, bytes: whole } = FIXTURE_BYTES[fixture]!;
    const bytes = Buffer.from(cutAt === null ? whole : whole.subarray(0, Math.floor(cutAt * whole.length)));
    const flipped = flips
      .filter(([at]) => Math.floor(at * bytes.length) < bytes.length)
      .map(([at, mask]) => [Math.floor(at * bytes.length), mask] as const);
    for (const [offset, mask] of flipped) bytes[offset]! ^= mask;
    return {
      how: `${name}${cutAt === null ? '' : ` cut at ${bytes.length} of ${whole.length}`}${flipped.length ? `, bytes flipped at ${flipped.map(([o, m]) => `${o}^${m}`).join(' ')}` : ''}`,
      name,
      bytes,
    };
  });

/** A cell as a builder writes it: text, a number, a date, a boolean, a formula with (or without) its result, or nothing. */
type Cell = null | string | number | boolean | Date | { formula: string; result?: string | number };

const text = fc.oneof(
  fc.string({ maxLength: 30 }),
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.constantFrom(
    ...INJECTIONS.map((injection) => injection.text),
    ...UNSTORABLE.map((injection) => injection.text),
    ...LONE_SURROGATES,
    ...OOXML_ESCAPES,
    CMD_INJECTION,
    '\u0000',
    '\ufeff',
    ' ',
    '\u202e',
  ),
  // What plans hold: statuses, dates as words, dated comments, sources.
  fc.constantFrom(
    'Red',
    'Amber',
    'Green',
    'Blue',
    'Completed',
    'Blue - retained',
    'r',
    '31/03/2025',
    'March 2025',
    'Q3 2024-25',
    'Ongoing',
    '01/05/24 - Done.\n15/06/24 - More.',
    'Jan 2022: TOM complete',
    'Ofsted recommendation 1',
    'Audit 2024 service wide recommendations',
    'Priority 1: Practice',
  ),
);
/** 100,000 characters in one cell (Excel's own limit is 32,767). */
const huge = fc.constantFrom('a', 'é', '😀', ' ', '<', '\u0000', 'Green ').map((unit) => ({ huge: unit }));
const cell: fc.Arbitrary<Cell | { huge: string }> = fc.oneof(
  { weight: 8, arbitrary: text },
  { weight: 4, arbitrary: fc.constant(null) },
  { weight: 1, arbitrary: huge },
  {
    weight: 2,
    arbitrary: fc.constantFrom<Cell>(
      EVIL_FORMULA,
      { formula: 'SUM(1,2)', result: 3 },
      { formula: 'NOW()' },
      { formula: 'A1&B1', result: CMD_INJECTION },
      CMD_INJECTION,
    ),
  },
  { weight: 2, arbitrary: fc.oneof(fc.double(), fc.integer(), fc.constantFrom(0, -1, 45382, 1e308, 2 ** 53 + 1)) },
  {
    weight: 2,
    arbitrary: fc.date({
      min: new Date('1900-03-01T00:00:00Z'),
      max: new Date('2100-12-31T00:00:00Z'),
      noInvalidDate: true,
    }),
  },
  { weight: 1, arbitrary: fc.boolean() },
);
const materialise = (value: Cell | { huge: string }): Cell =>
  value !== null && typeof value === 'object' && 'huge' in value
    ? value.huge.repeat(Math.ceil(100_000 / value.huge.length)).slice(0, 100_000)
    : value;

/** Header names as the plans write them (every spelling the recogniser is tested on, in other cases and with stray punctuation). */
const HEADERS: Record<string, string[]> = Object.fromEntries(
  FIELDS.map((field) => [field, HEADER_VARIANTS.filter(([, of]) => of === field).map(([header]) => header)]),
);
const headerName = (field: string) =>
  fc
    .tuple(fc.constantFrom(...HEADERS[field]!), fc.constantFrom('as is', 'upper', 'lower', 'colon'))
    .map(([name, how]) =>
      how === 'upper' ? name.toUpperCase() : how === 'lower' ? name.toLowerCase() : how === 'colon' ? `${name}:` : name,
    );

type SheetLayout = { name: string; rows: (Cell | { huge: string })[][] };

/** A plan sheet: title rows, a header row of some fields in any order and columns (gaps between), then rows of any cells. */
const planSheet: fc.Arbitrary<SheetLayout> = fc
  .record({
    // Mostly with the action column (a header row needs it and two more fields); sometimes without, which is no plan.
    fields: fc
      .tuple(
        fc.shuffledSubarray(
          Object.keys(HEADERS).filter((field) => field !== 'action'),
          { minLength: 2 },
        ),
        fc.option(fc.nat(), { freq: 5, nil: null }),
      )
      .map(([others, at]) =>
        at === null
          ? others
          : [...others.slice(0, at % (others.length + 1)), 'action', ...others.slice(at % (others.length + 1))],
      ),
    firstColumn: fc.integer({ min: 0, max: 3 }),
    // Sometimes a header that is no field ("Notes for finance"): with text below it the file is refused (UNMAPPED_COLUMN), empty it is a warning.
    stranger: fc.option(fc.tuple(fc.constantFrom(...NOT_FIELDS), fc.nat()), { freq: 3, nil: null }),
    titles: fc.array(
      fc.oneof(
        fc.constantFrom(
          'Service Development Plan 2024-25',
          'Improvement plan',
          'Duration: April 2024 - March 2025',
          'Author: A N Other Date of Plan: April 2024',
        ),
        text,
      ),
      { maxLength: 3 },
    ),
    name: fc.constantFrom('SDP 2024-25', 'Plan', 'Sheet1', 'Ελληνικά 日本語', "O'Brien's plan", 'x'.repeat(31)),
  })
  .chain(({ fields, firstColumn, stranger, titles, name }) =>
    fc
      .record({
        names: fc.tuple(...fields.map(headerName)),
        gaps: fc.array(fc.boolean(), { minLength: fields.length, maxLength: fields.length }),
        rows: fc.array(fc.array(cell, { minLength: 1, maxLength: fields.length + 3 }), { maxLength: 8 }),
      })
      .map(({ names, gaps, rows }) => {
        const header: Cell[] = Array<Cell>(firstColumn).fill(null);
        names.forEach((headerText, i) => {
          if (gaps[i]) header.push(null);
          header.push(headerText);
        });
        if (stranger) header.splice(firstColumn + (stranger[1] % (header.length - firstColumn + 1)), 0, stranger[0]);
        const pad = (row: (Cell | { huge: string })[]) => [...Array<null>(firstColumn).fill(null), ...row];
        return { name, rows: [...titles.map((title) => [title]), header, ...rows.map(pad)] };
      }),
  );
/** Other sheets: empty, or rows of anything. */
const otherSheet: fc.Arbitrary<SheetLayout> = fc.record({
  name: fc.constantFrom('Notes', 'Sheet2', 'Empty', 'Ελληνικά'),
  rows: fc.array(fc.array(cell, { maxLength: 5 }), { maxLength: 4 }),
});

const builtWorkbooks = fc
  .record({
    format: fc.constantFrom('xlsx', 'xlsx', 'csv'),
    plan: fc.option(planSheet, { freq: 6, nil: null }),
    others: fc.array(otherSheet, { maxLength: 2 }),
    planFirst: fc.boolean(),
  })
  .map(({ format, plan, others, planFirst }) => {
    const sheets = plan === null ? others : planFirst ? [plan, ...others] : [...others, plan];
    // Sheet names are unique in a workbook.
    const named = sheets.map((sheet, i) => ({
      ...sheet,
      name: `${sheet.name.slice(0, 28)}${sheets.findIndex((s) => s.name === sheet.name) === i ? '' : ` ${i}`}`,
    }));
    // A CSV file is one sheet: the plan's, when there is one.
    return { format: format as 'xlsx' | 'csv', sheets: format === 'csv' ? (plan ? [plan] : named.slice(0, 1)) : named };
  });

const describeCell = (value: Cell | { huge: string }): string => {
  if (value !== null && typeof value === 'object' && 'huge' in value)
    return `<100,000 × ${JSON.stringify(value.huge)}>`;
  if (value instanceof Date) return value.toISOString();
  return JSON.stringify(value);
};

async function buildWorkbook(workbook: { format: 'xlsx' | 'csv'; sheets: SheetLayout[] }): Promise<Buffer> {
  if (workbook.format === 'csv') {
    const rows = (workbook.sheets[0]?.rows ?? []).map((row) => row.map((value) => csvText(materialise(value))));
    return Buffer.from(toCsv(rows));
  }
  const book = new ExcelJS.Workbook();
  for (const spec of workbook.sheets) {
    const sheet = book.addWorksheet(spec.name);
    spec.rows.forEach((cells, r) =>
      cells.forEach((value, c) => {
        const content = materialise(value);
        if (content !== null) sheet.getCell(r + 1, c + 1).value = content as ExcelJS.CellValue;
      }),
    );
  }
  return Buffer.from(await book.xlsx.writeBuffer());
}

/** A cell as a CSV export writes it: a formula as its text, a date as the day. */
function csvText(value: Cell): string {
  if (value === null) return '';
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if (typeof value === 'object') return `=${value.formula}`;
  return String(value);
}

// ---------------------------------------------------------------- the properties

/**
 * Property-based fuzzing of the workbook importer (`POST /imports`, and `oversight import` once),
 * on the real service and a fresh database of the PostgreSQL server: random bytes, damaged
 * fixtures, workbooks built with random layouts and hostile cells, and 100,000 rows. Whatever the
 * file, never a 5xx; a refusal is problem details naming the file and appends nothing; an
 * acceptance appends all it reports, under its one command id, or nothing at all.
 */
describe('reliability: fuzzing the workbook importer', () => {
  const seed = seedFor('importer-fuzz');
  let api: ApiUnderTest;
  let sql: Sql;
  let uploads = 0;
  const statuses = new Map<string, number>();

  beforeAll(async () => {
    process.env.DATABASE_URL = SERVER_URL;
    api = await startApi();
    sql = (text, params) => api.oversight.readDatabase.query(text, params as unknown[]);
  });
  afterAll(async () => {
    process.stdout.write(
      `importer-fuzz: ${uploads} uploads, statuses ${JSON.stringify(Object.fromEntries(statuses))}\n`,
    );
    await api?.close();
  });

  const post = (bytes: Buffer, name: string, dryRun = false) =>
    api.http
      .post(`/imports${dryRun ? '?dryRun=true' : ''}`)
      .set(bearer(api.keys.manager))
      .attach('file', bytes, name)
      .timeout({ response: 120_000 });

  /**
   * Uploads `bytes` as `name` and checks the answer against the store: never 5xx; a refusal is
   * problem details naming the file, with the store as it was; an acceptance appended exactly the
   * events it reports, all under its command id (or nothing, for a dry run or a file already in).
   */
  async function upload(how: string, bytes: Buffer, name: string, dryRun = false) {
    uploads += 1;
    const before = await storeHead(sql);
    const response = await post(bytes, name, dryRun);
    const after = await storeHead(sql);
    const appended = await appendedAfter(sql, before.position);
    const seen = `${response.status} ${response.body?.code ?? response.body?.outcome ?? ''}`.trim();
    statuses.set(seen, (statuses.get(seen) ?? 0) + 1);
    const context = {
      how,
      name,
      size: bytes.length,
      status: response.status,
      answer: JSON.stringify(response.body).slice(0, 1500),
    };

    // Never a server error, whatever the file.
    expect({ ...context, serverError: response.status >= 500 }).toEqual({ ...context, serverError: false });
    if (response.status >= 400) {
      // Refused: problem details that name the file and say what is wrong with it; nothing appended.
      expect({ ...context, contentType: response.headers['content-type'] }).toEqual({
        ...context,
        contentType: expect.stringMatching(/^application\/problem\+json/),
      });
      expect({ ...context, after }).toEqual({ ...context, after: before });
      expect(response.body).toMatchObject({
        status: response.status,
        type: expect.any(String),
        title: expect.any(String),
        detail: expect.any(String),
      });
      expect({ ...context, file: response.body.file, namesIt: String(response.body.detail).includes(name) }).toEqual({
        ...context,
        file: name,
        namesIt: true,
      });
      expect(response.body.errors).toEqual([{ field: 'file', message: response.body.detail }]);
      if (response.body.code === 'UNMAPPED_COLUMN') {
        // Each column at fault is named in the detail, by sheet, letter and header, with how to map or ignore it.
        expect(response.body.columns.length).toBeGreaterThan(0);
        for (const column of response.body.columns)
          expect({
            ...context,
            named: String(response.body.detail).includes(`column ${column.column} "${column.header}"`),
          }).toEqual({ ...context, named: true });
        expect(response.body.detail).toMatch(
          /--map ".*=<field>".*--ignore-column ".*"; over HTTP, map=.*=<field> or ignoreColumn=/,
        );
      }
      expect({ ...context, clientError: [400, 413].includes(response.status) }).toEqual({
        ...context,
        clientError: true,
      });
      return response;
    }
    // Accepted: all it reports, under its one command id, at the position it answers, or nothing.
    const { outcome, commandId, position, summary } = response.body;
    expect({ ...context, outcome }).toEqual({
      ...context,
      outcome: dryRun ? 'dry-run' : expect.stringMatching(/^(appended|unchanged|already-imported)$/),
    });
    if (outcome === 'appended') {
      expect({
        ...context,
        appended: appended.count,
        commandIds: appended.commandIds,
        lastPosition: appended.lastPosition,
        grew: after.count - before.count,
      }).toEqual({
        ...context,
        appended: summary.events,
        commandIds: [commandId],
        lastPosition: position,
        grew: summary.events,
      });
      expect(summary.events).toBeGreaterThan(0);
    } else {
      expect({ ...context, appended: appended.count, after }).toEqual({ ...context, appended: 0, after: before });
      expect(position).toBeNull();
    }
    return response;
  }

  const run = (property: fc.IAsyncProperty<never>, timeLimit = 60_000) =>
    fc.assert(property, { seed, numRuns: RUNS, endOnFailure: false, interruptAfterTimeLimit: timeLimit });

  it('random bytes, with and without a zip, OLE, PDF or CSV start: never 5xx; refused (400) naming the file, nothing appended', async () => {
    let n = 0;
    await run(
      fc.asyncProperty(
        randomFiles,
        fc.constantFrom('upload.xlsx', 'plan 2024-25.csv', 'noise.bin', 'Ελληνικά.xlsx'),
        async ({ how, bytes }, name) => {
          n += 1;
          await upload(how, bytes, name);
        },
      ) as never,
    );
    expect(n).toBeGreaterThan(0);
  });

  it('the fixture workbooks cut short and with bytes flipped: never 5xx; refused with nothing appended, or imported all or nothing', async () => {
    await run(
      fc.asyncProperty(damagedFixtures, fc.nat(4), async ({ how, name, bytes }, dry) => {
        await upload(how, bytes, name, dry === 0);
      }) as never,
      90_000,
    );
  });

  it('workbooks of random layouts and hostile cells (huge, formulas, injections, NUL, lone surrogates, numbers and dates as text, empty sheets): never 5xx, all or nothing, no formula kept', async () => {
    let accepted = 0;
    await run(
      fc.asyncProperty(builtWorkbooks, fc.nat(4), async (workbook, dry) => {
        const bytes = await buildWorkbook(workbook);
        const how = `${workbook.format}: ${workbook.sheets.map((sheet) => `sheet ${JSON.stringify(sheet.name)} rows ${JSON.stringify(sheet.rows.map((row) => row.map(describeCell)))}`.slice(0, 3000)).join('; ') || 'no sheets'}`;
        const before = await storeHead(sql);
        const response = await upload(how, bytes, `fuzzed plan.${workbook.format}`, dry === 0);
        if (response.status < 300 && response.body.outcome === 'appended') {
          accepted += 1;
          // A formula cell is its result: the formula itself is never stored (in CSV it is text, kept as written; an
          // amendment's `from` may still quote such an earlier CSV version of the same plan).
          if (workbook.format === 'xlsx') {
            const events = await sql<{ type: string; data: unknown }>(
              'SELECT type, data FROM oversight_events WHERE position > $1',
              [before.position],
            );
            const written = JSON.stringify(events, (key, value) => (key === 'from' ? undefined : value));
            expect({ how, formulaStored: written.includes('evil.example') }).toEqual({ how, formulaStored: false });
          }
        }
      }) as never,
      90_000,
    );
    process.stdout.write(`importer-fuzz: ${accepted} built workbooks imported\n`);
  });

  it('formula and injection cells are stored as their text (or, for a formula, its result), never run, and read back so through the audit log', async () => {
    const injections = [
      CMD_INJECTION,
      '+SUM(1,2)',
      '@SUM(A1)',
      '-2+3',
      "Robert'); DROP TABLE oversight_events;--",
      '<script>alert("x")</script>',
      '${process.exit(1)} {{7*7}} %s%n%x',
    ];
    const book = new ExcelJS.Workbook();
    const sheet = book.addWorksheet('Injections 2024-25');
    sheet.addRow(['Injection plan 2024-25']);
    sheet.addRow(['Duration: April 2024 - March 2025']);
    sheet.addRow(SDP_HEADER);
    sheet.addRow([
      'Audit 2024 recommendation 1',
      'HoS',
      { formula: EVIL_FORMULA.formula, result: 'Follow the link' },
      new Date(Date.UTC(2025, 2, 31)),
      null,
      null,
      'Green',
      '01/05/24 - =HYPERLINK("http://evil.example","x")',
    ]);
    for (const injection of injections)
      sheet.addRow([
        null,
        { formula: 'A1&B1', result: 'Formula owner' },
        injection,
        null,
        null,
        null,
        'Amber',
        `01/06/24 - ${injection}`,
      ]);
    const bytes = Buffer.from(await book.xlsx.writeBuffer());

    const response = await upload('the injection workbook', bytes, 'injections-2024-25.xlsx');
    expect(response.status).toBe(201);
    expect(response.body.outcome).toBe('appended');
    const log = await api.http
      .get(`/audit-log?planId=${response.body.summary.plan.id}&limit=1000&waitFor=${response.body.position}`)
      .set(bearer(api.keys.auditor));
    expect(log.status).toBe(200);
    const entries: { type: string; commandId?: string; origin: string; data: Record<string, unknown> }[] =
      log.body.entries;
    // Every event of the import, and only those, under its command id; the same as the store holds.
    const stored = await sql<{ type: string; stream_id: string; revision: string }>(
      'SELECT type, stream_id, revision FROM oversight_events WHERE command_id = $1 ORDER BY position',
      [response.body.commandId],
    );
    // Read as the service reads them: personal words are stored sealed.
    const events: { type: string; data: Record<string, unknown> }[] = [];
    for (const row of stored) {
      const [read] = await api.oversight.connected.store.readStream(row.stream_id, {
        fromRevision: Number(row.revision),
        maxCount: 1,
      });
      events.push({ type: row.type, data: read!.data });
    }
    expect(events).toHaveLength(response.body.summary.events);
    const inPlan = entries.filter((entry) => entry.origin.startsWith('import:injections-2024-25.xlsx'));
    expect(inPlan.length).toBeGreaterThan(0);
    for (const entry of inPlan) expect(events).toContainEqual({ type: entry.type, data: entry.data });

    const created = inPlan
      .filter((entry) => entry.type === 'ActionCreated')
      .map((entry) => entry.data as { description: string; owner: string | null });
    // Comments are on the actions' streams: read them from the store, the audit log having shown the same events above.
    const comments = events
      .filter((event) => event.type === 'CommentAdded')
      .map((event) => (event.data as { text: string }).text);
    // The formula's result, not the formula; the injections exactly as typed, in descriptions and in comments.
    expect(created.map((action) => action.description)).toEqual(['Follow the link', ...injections]);
    expect(created.slice(1).map((action) => action.owner)).toEqual(injections.map(() => 'Formula owner'));
    // A comment keeps its words as typed, date and all: a formula in a text cell is text.
    expect(comments).toEqual([
      '01/05/24 - =HYPERLINK("http://evil.example","x")',
      ...injections.map((injection) => `01/06/24 - ${injection}`),
    ]);
    expect(JSON.stringify(created)).not.toContain('evil.example');
    // And nothing ran: the store and its tables are all still there.
    expect((await storeHead(sql)).count).toBeGreaterThanOrEqual(response.body.summary.events);
  });

  describe('100,000 rows', () => {
    let dir: string;
    let xlsx: Buffer;
    let csv: Buffer;
    const ROWS = 100_000;
    const rowOf = (i: number) => [
      i % 50 === 0 ? `Audit 2024 recommendation ${i}` : null,
      'HoS',
      `Action ${i}: audit written plans for children`,
      new Date(Date.UTC(2025, 2, 31)),
      ['Red', 'Amber', 'Green', 'Blue'][i % 4]!,
      `01/05/24 - Comment ${i}`,
    ];

    beforeAll(async () => {
      dir = mkdtempSync(join(tmpdir(), 'oversight-importer-fuzz-'));
      // Streamed to a file: building 100,000 rows in memory with exceljs is slow; this takes a second or two.
      const writer = new ExcelJS.stream.xlsx.WorkbookWriter({
        filename: join(dir, 'huge.xlsx'),
        useSharedStrings: false,
        useStyles: false,
      });
      const sheet = writer.addWorksheet('SDP 2024-25');
      sheet.addRow(['Service Development Plan 2024-25']).commit();
      sheet.addRow(SDP_HEADER.slice(0, 4).concat(['RAG status', 'Comments on progress'])).commit();
      for (let i = 0; i < ROWS; i += 1) sheet.addRow(rowOf(i)).commit();
      sheet.commit();
      await writer.commit();
      xlsx = readFileSync(join(dir, 'huge.xlsx'));
      csv = Buffer.from(
        toCsv([
          ['Service Development Plan 2024-25'],
          SDP_HEADER,
          ...Array.from({ length: ROWS }, (_, i) =>
            rowOf(i).map((value) => (value instanceof Date ? '31/03/2025' : (value ?? ''))),
          ),
        ]),
      );
    });
    afterAll(() => {
      if (dir) rmSync(dir, { recursive: true, force: true });
    });

    it.each([
      ['xlsx', () => xlsx],
      ['csv', () => csv],
    ])(
      `as %s: a clear 413 (over ${MAX_ROWS} rows) within a minute, never 5xx, nothing appended`,
      async (format, bytes) => {
        const started = Date.now();
        const response = await upload(`${ROWS} rows as ${format}`, bytes(), `huge-plan-2024-25.${format}`);
        const took = Date.now() - started;
        process.stdout.write(
          `importer-fuzz: ${ROWS} rows as ${format} (${bytes().length} bytes): ${response.status} in ${took} ms\n`,
        );
        expect(took).toBeLessThan(60_000);
        expect(response.status).toBe(413);
        expect(response.body).toMatchObject({
          code: 'TOO_LARGE',
          file: `huge-plan-2024-25.${format}`,
          detail: expect.stringContaining('at most 10,000'),
        });
      },
    );
  });

  it('oversight import: a damaged workbook and random bytes exit 2 naming the file, and write nothing', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'oversight-importer-fuzz-cli-'));
    try {
      const whole = fixtureBytes(FIXTURES.sip2018);
      const files = {
        'cut-short.xlsx': whole.subarray(0, Math.floor(whole.length * 0.6)),
        'noise.xlsx': Buffer.concat([PREFIXES.zip!, noise(8192, seed)]),
        'noise.csv': noise(8192, seed + 1),
      };
      for (const [name, bytes] of Object.entries(files)) {
        writeFileSync(join(dir, name), bytes);
        const before = await storeHead(sql);
        const result = await runOversight(['import', join(dir, name)], {
          DATABASE_URL: api.oversight.connected.readModelDatabaseUrl!,
        });
        const context = { name, stdout: result.stdout, stderr: result.stderr };
        expect({ ...context, code: result.code }).toEqual({ ...context, code: 2 });
        expect(result.stderr).toContain(`Cannot import ${join(dir, name)}: ${name}: `);
        expect(result.stderr).toContain('Nothing was written.');
        expect(await storeHead(sql)).toEqual(before);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
