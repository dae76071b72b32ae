import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { EventStore } from '#event-store';
import {
  actionIdOf,
  importWorkbook,
  recommendationIdOf,
  sourceIdOf,
  type ImportedPlan,
  type ImportResult,
} from '#importer';
import { buildXlsx, toCsv } from '../libs/importer/src/testing/workbook.builders.js';
import {
  fixtureBytes,
  FIXTURES,
  laterVersionOf2024Plan,
} from '../libs/importer/src/write/testing/workbook-versions.js';
import { allEvents, expectNothingAppended, expectProblem, readAs } from './support/api-builders.js';
import { bearer, startApi, type ApiUnderTest } from './support/api-harness.js';
import { runOversight, startService } from './support/programs.js';
import { createRunStore, type RunStore } from './support/run-store.js';

/** Files that are not plans, each as the importer must refuse it. */
async function badFiles(): Promise<{ name: string; bytes: Buffer; says: RegExp }[]> {
  const good = fixtureBytes(FIXTURES.sdp2024);
  return [
    {
      name: 'cut-short.xlsx',
      bytes: good.subarray(0, Math.floor(good.length / 2)),
      says: /cut-short\.xlsx: the workbook is damaged or incomplete/,
    },
    {
      name: 'shopping.xlsx',
      bytes: await buildXlsx([
        {
          name: 'List',
          rows: [
            ['Milk', 'Eggs'],
            ['Bread', 'Butter'],
          ],
        },
      ]),
      says: /shopping\.xlsx: no header row found in sheet "List"/,
    },
    {
      name: 'minutes.pdf',
      bytes: Buffer.from('%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n', 'latin1'),
      says: /minutes\.pdf: a PDF, not a workbook/,
    },
  ];
}

/**
 * A tracker in its own words, in its own order: every column is recognised by meaning but two,
 * "Where are we?" (its statuses) and "Notes for finance", which no rule knows and which hold text.
 */
const TRACKER = Buffer.from(
  toCsv([
    ['Improvement tracker 2026-27'],
    [
      'Identified need',
      'Lead officer',
      'Target date',
      'Difference for the child',
      'Progress update',
      'Evidence of impact',
      'Actions to be taken',
      'Where are we?',
      'Notes for finance',
    ],
    [
      'Plans are not SMART (Aidhour audit February 2024)',
      'HoS',
      '31/03/2027',
      'Plans they understand',
      'May 2026: audit started',
      'Audit results',
      'Audits ten plans a month',
      'Green',
      'No cost',
    ],
  ]),
);
const TRACKER_FILE = 'tracker-2026-27.csv';

const rowOf = (plan: ImportedPlan, row: number) => plan.actions.find((action) => action.origin.row === row)!;

describe('importing plan workbooks through the API', () => {
  let api: ApiUnderTest;
  let sdp: ImportedPlan;
  let sip: ImportedPlan;
  const post = (
    bytes: Buffer,
    name: string,
    { key, dryRun, query }: { key?: string; dryRun?: boolean; query?: string } = {},
  ) =>
    api.http
      .post(`/imports?${[dryRun ? 'dryRun=true' : '', query ?? ''].filter(Boolean).join('&')}`)
      .set(bearer(key ?? api.keys.manager))
      .attach('file', bytes, name);
  const read = (path: string, position: number) =>
    readAs(api, `${path}${path.includes('?') ? '&' : '?'}waitFor=${position}`);
  let sdpResult: ImportResult;
  let sipResult: ImportResult;

  beforeAll(async () => {
    api = await startApi();
    [sdp, sip] = await Promise.all([
      importWorkbook(fixtureBytes(FIXTURES.sdp2024), FIXTURES.sdp2024),
      importWorkbook(fixtureBytes(FIXTURES.sip2018), FIXTURES.sip2018),
    ]);
  });
  afterAll(async () => {
    await api?.close();
  });

  it('refuses auditors and inspectors (403) and callers without a key (401), writing nothing', async () => {
    await expectNothingAppended(api, async () => {
      for (const key of [api.keys.auditor, api.keys.inspector])
        expectProblem(await post(fixtureBytes(FIXTURES.sdp2024), FIXTURES.sdp2024, { key }), 403);
      expectProblem(
        await api.http.post('/imports').attach('file', fixtureBytes(FIXTURES.sdp2024), FIXTURES.sdp2024),
        401,
      );
    });
  });

  it('a dry run answers 200 with what it would write, warnings at their cells, and writes nothing', async () => {
    const response = await expectNothingAppended(api, () =>
      post(fixtureBytes(FIXTURES.sip2018), FIXTURES.sip2018, { dryRun: true }),
    );
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({
      outcome: 'dry-run',
      position: null,
      summary: { plan: { new: true }, actions: { changed: [] } },
    });
    expect(response.body.summary.actions.new).toHaveLength(sip.actions.length);
    expect(response.body.summary.warnings).toContainEqual({
      code: 'UNKNOWN_STATUS',
      cell: "service-improvement-plan-2018-19.xlsx 'SIP 2018-19'!J64",
      message: 'status "r" is not Blue, Red, Amber, Green or Completed; left unrated',
      at: { file: 'service-improvement-plan-2018-19.xlsx', sheet: 'SIP 2018-19', row: 64, column: 'J' },
    });
  });

  it('refuses what is not a plan with 400 naming the file (and sheet), writing nothing', async () => {
    for (const bad of await badFiles()) {
      const response = await expectNothingAppended(api, () => post(bad.bytes, bad.name));
      expectProblem(response, 400, ['file']);
      expect({ file: bad.name, detail: response.body.detail }).toEqual({
        file: bad.name,
        detail: expect.stringMatching(bad.says),
      });
      expect(response.body.file).toBe(bad.name);
    }
    expect((await post(Buffer.alloc(0), 'x.xlsx')).body.code).toBe('NOT_A_WORKBOOK');
    expect((await badFiles().then((files) => post(files[1]!.bytes, files[1]!.name))).body).toMatchObject({
      code: 'NO_HEADER',
      sheet: 'List',
    });
    expectProblem(
      await expectNothingAppended(api, () =>
        api.http.post('/imports').set(bearer(api.keys.manager)).send({ file: 'plan.xlsx' }),
      ),
      400,
      ['file'],
    );
  });

  it('is described in the API description as a multipart upload', async () => {
    const document = (await api.http.get('/docs-json').set(bearer(api.keys.inspector))).body;
    expect(Object.keys(document.paths['/imports'].post.requestBody.content)).toEqual(['multipart/form-data']);
    expect(Object.keys(document.paths['/imports'].post.responses)).toEqual(
      expect.arrayContaining(['200', '201', '400', '401', '403', '413']),
    );
  });

  it('refuses a file over 20 MB with 413', async () => {
    const response = await expectNothingAppended(api, () => post(Buffer.alloc(20 * 1024 * 1024 + 1, 0x41), 'huge.csv'));
    expectProblem(response, 413);
  });

  it("imports the 2024-25 plan (201): row 31 completed and retained, rows 51-55 under row 50's recommendation, every event from its row", async () => {
    const response = await post(fixtureBytes(FIXTURES.sdp2024), FIXTURES.sdp2024);
    expect(response.status).toBe(201);
    sdpResult = response.body;
    expect(sdpResult).toMatchObject({
      outcome: 'appended',
      position: expect.any(Number),
      summary: { plan: { new: true, title: 'Service Development Plan 2024-5' } },
    });

    const state = await read(`/plans/${sdpResult.summary.plan.id}/state?pageSize=100`, sdpResult.position!);
    expect(state.status).toBe(200);
    expect(state.body.counts.total).toBe(31);
    const row = (n: number) =>
      state.body.actions.find(
        (action: { id: string }) => action.id === actionIdOf(sdpResult.summary.plan.id, rowOf(sdp, n).key),
      );
    expect(row(31)).toMatchObject({
      status: 'blue',
      completed: true,
      retainedForOversight: true,
      owner: 'CSC & EH Management Team',
    });
    const rec50 = recommendationIdOf(sdp.recommendations.find((r) => r.origin.row === 50)!.key);
    expect([50, 51, 52, 53, 54, 55].map((n) => row(n).recommendationId)).toEqual(Array(6).fill(rec50));

    const log = await read(`/audit-log?actionId=${row(50).id}&limit=1000`, sdpResult.position!);
    expect(log.body.entries.map((entry: { type: string }) => entry.type)).toEqual([
      'ActionCreated',
      'CommentAdded',
      'ActionCompleted',
      'RagStatusChanged',
      'RetainedForOversight',
    ]);
    for (const entry of log.body.entries)
      expect(entry).toMatchObject({
        origin: 'import:service-development-plan-2024-25.xlsx#SDP 2024-25!50',
        reason: 'Imported from service-development-plan-2024-25.xlsx',
        actor: { role: 'manager' },
      });
    expect(log.body.entries[1]).toMatchObject({
      effectiveAt: '2022-01-01T00:00:00.000Z',
      data: { text: expect.stringMatching(/^Jan 2022: TOM complete/) },
    });
  });

  it("imports the 2018-19 plan (201): the Ofsted 2016 recommendation's history shows its actions from that plan", async () => {
    const response = await post(fixtureBytes(FIXTURES.sip2018), FIXTURES.sip2018);
    expect(response.status).toBe(201);
    sipResult = response.body;
    // The source both plans name without naming it is registered once, by the first.
    expect(sipResult.summary.sources.existing).toBe(1);
    const rec1 = sip.recommendations.find((r) => r.reference === 'Ofsted recommendation 1')!;
    const history = await read(`/recommendations/${recommendationIdOf(rec1.key)}/history`, sipResult.position!);
    expect(history.status).toBe(200);
    expect(history.body.source).toMatchObject({ kind: 'ofsted-inspection', title: 'Ofsted inspection, July 2016' });
    const expected = sip.actions
      .filter((action) => action.recommendationKey === rec1.key)
      .map((action) => actionIdOf(sipResult.summary.plan.id, action.key));
    expect(expected.length).toBeGreaterThanOrEqual(3);
    expect(history.body.actions.map((action: { actionId: string }) => action.actionId).sort()).toEqual(
      [...expected].sort(),
    );
    for (const action of history.body.actions) expect(action.planIds).toEqual([sipResult.summary.plan.id]);

    const action22d = sip.actions.find((a) => a.ref === '2.2d' && a.theme?.startsWith('Priority'))!;
    const timeline = await read(
      `/audit-log?actionId=${actionIdOf(sipResult.summary.plan.id, action22d.key)}&type=CommentAdded`,
      sipResult.position!,
    );
    // "May" takes effect as 1 May begins in London (TIME_ZONE's default): 23:00 UTC on 30 April, in summer time.
    expect(timeline.body.entries[0]).toMatchObject({
      effectiveAt: '2018-04-30T23:00:00.000Z',
      origin: `import:service-improvement-plan-2018-19.xlsx#SIP 2018-19!${action22d.origin.row}`,
    });
  });

  it('takes the 2018-19 workbook as the end of January 2019 described it: its statuses in effect then, not on the day of the import', async () => {
    expect(sipResult.summary.asOf).toMatchObject({ date: '2019-01-31', from: 'comment' });
    const planId = sipResult.summary.plan.id;
    const brag = (body: { counts: Record<string, number> }) => ({
      blue: body.counts.blue,
      red: body.counts.red,
      amber: body.counts.amber,
      green: body.counts.green,
      unrated: body.counts.unrated,
    });
    const now = await read(`/plans/${planId}/state?pageSize=100`, sipResult.position!);
    expect(now.body.counts.unrated).toBeLessThan(now.body.counts.total / 2);
    // At the end of its period and on the day it describes, the plan stood as the workbook says.
    for (const day of ['2019-04-30', '2019-01-31'])
      expect({
        day,
        counts: brag((await read(`/plans/${planId}/state?pageSize=100&asOf=${day}`, sipResult.position!)).body),
      }).toEqual({ day, counts: brag(now.body) });
    // The day before, nothing was rated yet: the workbook says nothing of earlier statuses.
    const before = await read(`/plans/${planId}/state?pageSize=100&asOf=2019-01-30`, sipResult.position!);
    expect(brag(before.body)).toEqual({ blue: 0, red: 0, amber: 0, green: 0, unrated: now.body.counts.total });
    // Accountability's "last moved" is when the workbook's changes took effect.
    const accountability = await read('/sources/accountability?kind=ofsted-inspection', sipResult.position!);
    const ofsted2016 = accountability.body.groups
      .flatMap((group: { sources: { source: { title: string }; lastMovedAt: string }[] }) => group.sources)
      .find((s: { source: { title: string } }) => s.source.title === 'Ofsted inspection, July 2016');
    expect(ofsted2016.lastMovedAt).toBe('2019-01-31T00:00:00.000Z');
  });

  it('takes the day the workbook describes when given (asOf), refusing a day that is not one or is still to come, writing nothing', async () => {
    const dry = await post(fixtureBytes(FIXTURES.sip2018), FIXTURES.sip2018, {
      dryRun: true,
      query: 'asOf=2019-04-30',
    });
    expect(dry.status).toBe(200);
    expect(dry.body.summary.asOf).toEqual({ date: '2019-04-30', from: 'option', detail: 'given when importing' });
    for (const asOf of ['2019-02-30', '30/04/2019', '2999-01-01'])
      expectProblem(
        await expectNothingAppended(api, () =>
          post(fixtureBytes(FIXTURES.sip2018), FIXTURES.sip2018, { query: `asOf=${asOf}` }),
        ),
        400,
        ['asOf'],
      );
  });

  it('importing the same file again appends nothing', async () => {
    for (const name of [FIXTURES.sdp2024, FIXTURES.sip2018]) {
      const response = await expectNothingAppended(api, () => post(fixtureBytes(name), name));
      expect(response.status).toBe(201);
      expect(response.body).toMatchObject({
        outcome: 'unchanged',
        position: null,
        summary: { events: 0, plan: { new: false } },
      });
    }
  });

  it('a later version appends only the differences, as their own events', async () => {
    const before = (await allEvents(api)).length;
    // Dated as the first was (the end of its period): it is a later look at the same day, not an earlier one.
    const later = { query: 'asOf=2025-03-31' };
    const response = await post(await laterVersionOf2024Plan(), FIXTURES.sdp2024, later);
    expect(response.status).toBe(201);
    const appended = (await allEvents(api)).slice(before);
    const rows = new Map(
      sdp.actions.map((action) => [`action-${actionIdOf(sdpResult.summary.plan.id, action.key)}`, action.origin.row]),
    );
    expect(appended.map((event) => `${rows.get(event.streamId) ?? 'new'} ${event.type}`)).toEqual([
      '7 CommentAdded',
      '8 RagStatusChanged',
      '9 ActionReassigned',
      '10 DueDateChanged',
      'new ActionCreated',
      'new RagStatusChanged',
    ]);
    expect(appended.map((event) => event.metadata.origin)).toEqual(
      [7, 8, 9, 10, 64, 64].map((row) => `import:service-development-plan-2024-25.xlsx#SDP 2024-25!${row}`),
    );
    expect(new Set(appended.map((event) => event.metadata.commandId)).size).toBe(1);
    // And importing it again appends nothing either.
    await expectNothingAppended(api, async () => post(await laterVersionOf2024Plan(), FIXTURES.sdp2024, later));
  });

  it('an Idempotency-Key replays the first answer for the same file, and refuses another file with 422', async () => {
    const csv = (title: string) =>
      Buffer.from(
        toCsv([
          [title],
          ['Specific aim', 'Action', 'Lead officer'],
          ['Staff feedback', 'Hold monthly duty forums', 'HoS'],
        ]),
      );
    const send = (bytes: Buffer) =>
      api.http
        .post('/imports')
        .set(bearer(api.keys.manager))
        .set('Idempotency-Key', 'import-key-1')
        .attach('file', bytes, 'forums.csv');
    const first = await send(csv('Service Development Plan 2027-28'));
    expect(first.status).toBe(201);
    const again = await expectNothingAppended(api, () => send(csv('Service Development Plan 2027-28')));
    expect({ status: again.status, replayed: again.headers['idempotent-replayed'], body: again.body }).toEqual({
      status: 201,
      replayed: 'true',
      body: first.body,
    });
    const other = await expectNothingAppended(api, () => send(csv('Service Development Plan 2028-29')));
    expectProblem(other, 422);
  });

  it('imports a CSV whose columns are reordered and renamed', async () => {
    const csv = toCsv([
      ['Service Development Plan 2025-26'],
      ['Comments on progress', 'RAG', 'Lead officer', 'Action', 'Specific aim', 'End date'],
      [
        'June: first panel held.',
        'Amber',
        'HoS',
        'Set up a monthly placement sufficiency panel',
        'Children in Care Council: more local placements',
        '30/09/2025',
      ],
    ]);
    const response = await post(Buffer.from(csv, 'utf8'), 'sdp-2025-26.csv');
    expect(response.status).toBe(201);
    expect(response.body.summary).toMatchObject({
      plan: { periodStart: '2025-04-01' },
      actions: {
        new: [
          expect.objectContaining({
            owner: 'HoS',
            status: 'amber',
            due: { kind: 'date', date: '2025-09-30' },
            comments: 1,
          }),
        ],
      },
    });
  });

  it('refuses columns of text under headers it does not know (400 UNMAPPED_COLUMN naming file, sheet and columns), writing nothing', async () => {
    const refused = await expectNothingAppended(api, () => post(TRACKER, TRACKER_FILE));
    expectProblem(refused, 400, ['file']);
    expect(refused.body).toMatchObject({
      code: 'UNMAPPED_COLUMN',
      file: TRACKER_FILE,
      sheet: 'tracker-2026-27',
      columns: [
        expect.objectContaining({ column: 'H', header: 'Where are we?', firstValueAt: 'H3' }),
        expect.objectContaining({ column: 'I', header: 'Notes for finance', firstValueAt: 'I3' }),
      ],
    });
    expect(refused.body.detail).toMatch(
      /^tracker-2026-27\.csv: 2 columns hold text .* sheet "tracker-2026-27" column H "Where are we\?" .*; sheet "tracker-2026-27" column I "Notes for finance"/,
    );
    expect(refused.body.detail).toContain('over HTTP, map=Where are we?=<field> or ignoreColumn=Where are we?');
  });

  it('imports them as map= and ignoreColumn= say, headers matched whatever their case, and lists every column in the summary', async () => {
    const query = `map=${encodeURIComponent('WHERE ARE WE=status')}&ignoreColumn=${encodeURIComponent('notes for finance')}`;
    const dry = await expectNothingAppended(api, () =>
      api.http
        .post(`/imports?dryRun=true&${query}`)
        .set(bearer(api.keys.manager))
        .attach('file', TRACKER, TRACKER_FILE),
    );
    expect(dry.status).toBe(200);
    expect(
      dry.body.summary.columns.map(
        (c: { column: string; field: string | null; how: string }) => `${c.column} ${c.field} ${c.how}`,
      ),
    ).toEqual([
      'A need recognised',
      'B owner recognised',
      'C due recognised',
      'D experience recognised',
      'E comments recognised',
      'F measure recognised',
      'G action recognised',
      'H status mapped',
      'I null ignored',
    ]);
    const response = await api.http
      .post(`/imports?${query}`)
      .set(bearer(api.keys.manager))
      .attach('file', TRACKER, TRACKER_FILE);
    expect(response.status).toBe(201);
    expect(response.body.summary.actions.new).toEqual([
      expect.objectContaining({
        owner: 'HoS',
        status: 'green',
        due: { kind: 'date', date: '2027-03-31' },
        comments: 1,
      }),
    ]);
    // The need names its source: the action is under the February 2024 audit, not "Source not named".
    expect(response.body.summary.recommendations.new).toEqual([
      expect.objectContaining({ sourceId: sourceIdOf('source:independent-audit:2024-02') }),
    ]);
    expect(response.body.summary.warnings.filter((w: { code: string }) => w.code === 'SOURCE_NOT_NAMED')).toEqual([]);
  });

  it('refuses a map naming no field with 400 naming the map parameter and the fields, writing nothing', async () => {
    for (const map of ['Where are we?=colour', 'no equals sign']) {
      const response = await expectNothingAppended(api, () =>
        api.http
          .post(`/imports?map=${encodeURIComponent(map)}`)
          .set(bearer(api.keys.manager))
          .attach('file', TRACKER, TRACKER_FILE),
      );
      expectProblem(response, 400, ['map']);
      expect(response.body.errors[0].message).toContain(
        'need, ref, owner, dltLead, action, start, due, measure, experience, status, comments',
      );
    }
    expectProblem(
      await api.http.post(`/imports?ignoreColumn=`).set(bearer(api.keys.manager)).attach('file', TRACKER, TRACKER_FILE),
      400,
      ['ignoreColumn'],
    );
  });
});

describe('oversight import', () => {
  let runStore: RunStore;
  let folder: string;
  const importing = (args: string[]) => runOversight(['import', ...args], runStore.env);
  const count = () =>
    runStore.open(async (_store: EventStore, sql) =>
      Number((await sql('SELECT count(*) AS n FROM oversight_events')).rows[0].n),
    );
  beforeAll(async () => {
    runStore = await createRunStore();
    folder = mkdtempSync(join(tmpdir(), 'oversight-import-'));
    writeFileSync(join(folder, FIXTURES.sip2018), fixtureBytes(FIXTURES.sip2018));
    writeFileSync(join(folder, FIXTURES.sdp2024), fixtureBytes(FIXTURES.sdp2024));
    writeFileSync(join(folder, TRACKER_FILE), TRACKER);
    for (const bad of await badFiles()) writeFileSync(join(folder, bad.name), bad.bytes);
  });
  afterAll(async () => {
    await runStore?.dispose();
    if (folder) rmSync(folder, { recursive: true, force: true });
  });

  it('refuses what is not a plan with exit code 2, naming the file, and writes nothing', async () => {
    for (const bad of await badFiles()) {
      const result = await importing([join(folder, bad.name)]);
      expect({ file: bad.name, code: result.code, stderr: result.stderr }).toEqual({
        file: bad.name,
        code: 2,
        stderr: expect.stringMatching(bad.says),
      });
    }
    const missing = await importing([join(folder, 'no-such-plan.xlsx')]);
    expect({ code: missing.code, stderr: missing.stderr }).toEqual({
      code: 2,
      stderr: expect.stringContaining('no-such-plan.xlsx: no such file'),
    });
    expect((await importing([])).code).toBe(2);
    expect(await count()).toBe(0);
  });

  it('--dry-run prints what it would write, warnings at their cells, and writes nothing; --json parses', async () => {
    const text = await importing([join(folder, FIXTURES.sip2018), '--dry-run']);
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(
      /^Dry run of service-improvement-plan-2018-19\.xlsx: nothing was written\. The import would append \d+ events/,
    );
    expect(text.stdout).toContain('Plan: Children & Families Service Improvement Plan, 2018-05-01 to 2019-04-30 (new)');
    expect(text.stdout).toContain('+ Ofsted inspection, July 2016 [ofsted-inspection, 2016-07-01]');
    expect(text.stdout).toContain(
      `service-improvement-plan-2018-19.xlsx 'SIP 2018-19'!J64: status "r" is not Blue, Red, Amber, Green or Completed; left unrated`,
    );
    const json = await importing([join(folder, FIXTURES.sip2018), '--dry-run', '--json']);
    expect(json.code).toBe(0);
    const parsed = JSON.parse(json.stdout) as ImportResult;
    expect(parsed).toMatchObject({
      outcome: 'dry-run',
      position: null,
      summary: { file: FIXTURES.sip2018, plan: { new: true } },
    });
    expect(
      parsed.summary.recommendations.new.filter((r) => /^Ofsted recommendation \d$/.test(r.reference ?? '')),
    ).toHaveLength(4);
    expect(text.stdout).toMatch(
      /^As at: 2019-01-31, from the latest dated progress comment in the plan's period, I\d+ on sheet "SIP 2018-19"/m,
    );
    const given = await importing([join(folder, FIXTURES.sip2018), '--dry-run', '--as-of', '2019-04-30']);
    expect({ code: given.code, asAt: /^As at: .*$/m.exec(given.stdout)?.[0] }).toEqual({
      code: 0,
      asAt: expect.stringMatching(/^As at: 2019-04-30, as given/),
    });
    const bad = await importing([join(folder, FIXTURES.sip2018), '--as-of', '31/04/2019']);
    expect({ code: bad.code, stderr: bad.stderr }).toEqual({
      code: 2,
      stderr: expect.stringContaining('--as-of must be a day as YYYY-MM-DD, got "31/04/2019"'),
    });
    expect(await count()).toBe(0);
  });

  it('imports each plan, and again appends nothing', async () => {
    const first = await importing([join(folder, FIXTURES.sip2018), '--as', 'Rachel Talmage']);
    expect({ code: first.code, stdout: first.stdout }).toEqual({
      code: 0,
      stdout: expect.stringMatching(/^Imported service-improvement-plan-2018-19\.xlsx: \d+ events appended/),
    });
    const second = await importing([join(folder, FIXTURES.sdp2024), '--json']);
    expect(second.code).toBe(0);
    expect(JSON.parse(second.stdout)).toMatchObject({
      outcome: 'appended',
      summary: { plan: { title: 'Service Development Plan 2024-5', new: true } },
    });
    const events = await count();
    expect(events).toBe((JSON.parse(second.stdout) as ImportResult).position);
    const again = await importing([join(folder, FIXTURES.sip2018)]);
    expect({ code: again.code, stdout: again.stdout }).toEqual({
      code: 0,
      stdout: expect.stringMatching(/nothing to append, the store already holds everything it says/),
    });
    expect(await count()).toBe(events);
    const actors = await runStore.open(
      async (_store, sql) =>
        (
          await sql(
            // The first import's events (its file name is sealed in their origin: found by its command id).
            `SELECT DISTINCT actor_name, actor_role FROM oversight_events
              WHERE command_id = (SELECT command_id FROM oversight_events ORDER BY position LIMIT 1)`,
          )
        ).rows,
    );
    expect(actors).toEqual([{ actor_name: 'Rachel Talmage', actor_role: 'manager' }]);
  });

  it('refuses columns of text under headers it does not know with exit code 2, saying how to map or ignore them, then imports as --map and --ignore-column say', async () => {
    const before = await count();
    const refused = await importing([join(folder, TRACKER_FILE)]);
    expect({ code: refused.code, stdout: refused.stdout }).toEqual({ code: 2, stdout: '' });
    expect(refused.stderr).toContain(
      `Cannot import ${join(folder, TRACKER_FILE)}: tracker-2026-27.csv: 2 columns hold text under a header that is not one the importer knows, so nothing was imported`,
    );
    expect(refused.stderr).toContain('sheet "tracker-2026-27" column H "Where are we?" (text from H3)');
    expect(refused.stderr).toContain('with --map "Where are we?=<field>"');
    expect(refused.stderr).toContain('--ignore-column "Where are we?"');
    expect(refused.stderr).toContain('Nothing was written.');

    const mapped = await importing([
      join(folder, TRACKER_FILE),
      '--dry-run',
      '--map',
      'where are we=status',
      '--ignore-column',
      'Notes for finance',
    ]);
    expect({ code: mapped.code, stderr: mapped.stderr }).toEqual({ code: 0, stderr: '' });
    expect(mapped.stdout).toContain(
      'Columns: A "Identified need" → need; B "Lead officer" → owner; C "Target date" → due; D "Difference for the child" → experience; E "Progress update" → comments; ' +
        'F "Evidence of impact" → measure; G "Actions to be taken" → action; H "Where are we?" → status (--map); I "Notes for finance" → ignored (--ignore-column)\n',
    );
    expect(mapped.stdout).toMatch(/\+ row 3 Audits ten plans a month \[green, HoS, due 2027-03-31, 1 comment\]/);

    const badField = await importing([join(folder, TRACKER_FILE), '--map', 'Where are we?=colour']);
    expect({ code: badField.code, stderr: badField.stderr }).toEqual({
      code: 2,
      stderr: expect.stringMatching(
        /^--map "colour" \(for "Where are we\?"\) is not a field; the fields are need, ref, owner, dltLead, action, start, due, measure, experience, status, comments\n/,
      ),
    });
    expect(await count()).toBe(before);
  });

  it('shows a progress bar on a large file', async () => {
    const rows = Array.from({ length: 1500 }, (_, i) => [
      `Feedback from duty workers: need ${i}`,
      'HoS',
      `Action number ${i}`,
      'Green',
    ]);
    writeFileSync(join(folder, 'large-plan-2025-26.csv'), toCsv([['Why?', 'Who?', 'Does what?', 'RAG'], ...rows]));
    const result = await importing([join(folder, 'large-plan-2025-26.csv'), '--dry-run']);
    expect(result.code).toBe(0);
    expect(result.stderr).toContain('reading 100%');
    expect(result.stderr).toContain('1,501 rows read');
    expect(result.stdout).toContain('Actions: 1500 new');
  });
});

describe('the demo', () => {
  it('on an empty embedded store, the service starts with both demo plans imported', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'oversight-demo-'));
    const service = await startService({ DATA_DIR: dataDir });
    try {
      const output = () => service.output();
      expect(output()).toMatch(
        /Demo: imported service-improvement-plan-2018-19\.xlsx: "Children & Families Service Improvement Plan"/,
      );
      expect(output()).toMatch(
        /Demo: imported service-development-plan-2024-25\.xlsx: "Service Development Plan 2024-5"/,
      );
      const key = /^ {2}auditor +(ovk_\S+)$/m.exec(output())![1]!;
      let titles: string[] = [];
      for (
        const until = Date.now() + 30_000;
        titles.length < 2 && Date.now() < until;
        await new Promise((resolve) => setTimeout(resolve, 200))
      ) {
        const log = await fetch(`${service.baseUrl}/audit-log?type=PlanOpened`, {
          headers: { Authorization: `Bearer ${key}` },
        });
        titles = ((await log.json()) as { entries: { data: { title: string } }[] }).entries.map(
          (entry) => entry.data.title,
        );
      }
      expect(titles.sort()).toEqual([
        'Children & Families Service Improvement Plan',
        'Service Development Plan 2024-5',
      ]);
    } finally {
      await service.stop();
    }
    // A store that holds anything is left alone at the next start.
    const again = await startService({ DATA_DIR: dataDir });
    try {
      expect(again.output()).not.toContain('Demo: imported');
    } finally {
      await again.stop();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
