import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import ExcelJS from 'exceljs';
import { actionStreamId, recommendationStreamId } from '#domain';
import { removedMarker, verifyEventStore } from '#event-store';
import { allProjections, rebuildProjections } from '#read-store';
import {
  allEvents,
  applyUpdate,
  createAction,
  createPlan,
  createRecommendation,
  expectNothingAppended,
  type WrittenAction,
} from './support/api-builders.js';
import { bearer, startApi, type ApiUnderTest } from './support/api-harness.js';
import { fixtureBytes, FIXTURES } from '../libs/importer/src/write/testing/workbook-versions.js';

/** Words no other test data holds: found anywhere, they were not removed. */
const WORDS = 'Zebedee Quillfeather was placed with foster carers in Tadcaster';
const SEARCHED = 'Quillfeather';
const REASON = 'personal data entered in error';

const download = (api: ApiUnderTest, path: string, key = api.keys.admin) =>
  api.http
    .get(path)
    .set(bearer(key))
    .buffer(true)
    .parse((response, done) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => done(null, Buffer.concat(chunks)));
    });

/** Every text or JSON column of every table in the database that holds `needle`, as table.column. */
async function columnsHolding(api: ApiUnderTest, needle: string): Promise<string[]> {
  const db = api.oversight.readDatabase;
  const columns = await db.query<{ table_name: string; column_name: string; data_type: string }[]>(
    `SELECT c.table_name, c.column_name, c.data_type FROM information_schema.columns c
       JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name
      WHERE c.table_schema NOT IN ('pg_catalog', 'information_schema') AND t.table_type = 'BASE TABLE'
        AND c.data_type IN ('text', 'character varying', 'character', 'json', 'jsonb', 'ARRAY', 'bytea')`,
  );
  expect(columns.map((column) => column.table_name)).toEqual(
    expect.arrayContaining(['oversight_events', 'rm_audit_log', 'rm_actions', 'oversight_idempotency_records']),
  );
  const found: string[] = [];
  for (const { table_name: table, column_name: column, data_type: type } of columns) {
    const holds =
      type === 'bytea' ? `position(convert_to($1, 'UTF8') in "${column}") > 0` : `strpos("${column}"::text, $1) > 0`;
    const [row] = await db.query<{ n: string }[]>(`SELECT count(*) AS n FROM "${table}" WHERE ${holds}`, [needle]);
    if (Number(row!.n) > 0) found.push(`${table}.${column}`);
  }
  return found;
}

async function workbookText(api: ApiUnderTest, planId: string): Promise<string> {
  const exported = await download(api, `/plans/${planId}/export.xlsx`);
  expect(exported.status).toBe(200);
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(exported.body as never);
  const texts: string[] = [];
  workbook.eachSheet((sheet) => sheet.eachRow((row) => row.eachCell((cell) => texts.push(JSON.stringify(cell.value)))));
  return texts.join('\n');
}

describe('removing a comment’s words (crypto-shredding)', () => {
  let api: ApiUnderTest;
  let action: WrittenAction;
  let commentId: string;
  let marker: string;

  beforeAll(async () => {
    api = await startApi();
    action = await createAction(api);
    const commented = await api.http
      .post(`/actions/${action.id}/comments`)
      .set(bearer(api.keys.manager))
      .set('If-Match', `"${action.revision}"`)
      .set('Idempotency-Key', 'comment-with-personal-data')
      .send({ text: WORDS });
    expect(commented.status).toBe(201);
    const added = (await api.store.readStream(actionStreamId(action.id))).find(
      (event) => event.type === 'CommentAdded',
    );
    commentId = String(added!.data.commentId);
    action = { ...action, revision: commented.body.revision as number };
    action = await applyUpdate(api, action, 'comments', { text: 'A second comment, about the service' });
    await api.oversight.projector.waitFor(await api.store.headPosition(), 10_000);
  }, 120_000);

  afterAll(() => api?.close());

  it('stores the words sealed: only the read models hold them, and the views show them', async () => {
    expect(await columnsHolding(api, SEARCHED)).not.toContain('oversight_events.data');
    expect(await columnsHolding(api, SEARCHED)).toEqual(expect.arrayContaining(['rm_audit_log.data']));
    const [stored] = await api.oversight.readDatabase.query<{ data: { text: unknown } }[]>(
      "SELECT data FROM oversight_events WHERE type = 'CommentAdded' AND data ->> 'commentId' = $1",
      [commentId],
    );
    expect(stored!.data.text).toMatchObject({ sealed: 'v1', key: expect.any(String), iv: expect.any(String) });
    const events = await api.store.readStream(actionStreamId(action.id));
    expect(events.find((event) => event.data.commentId === commentId)!.data.text).toBe(WORDS);
  });

  it('refuses a manager (403) and a missing reason (400 naming it), writing nothing', async () => {
    const path = `/actions/${action.id}/comments/${commentId}/redact`;
    const refused = await expectNothingAppended(api, () =>
      api.http
        .post(path)
        .set(bearer(api.keys.manager))
        .set('If-Match', `"${action.revision}"`)
        .send({ reason: REASON }),
    );
    expect(refused.status).toBe(403);
    const unreasoned = await expectNothingAppended(api, () =>
      api.http.post(path).set(bearer(api.keys.admin)).set('If-Match', `"${action.revision}"`).send({}),
    );
    expect(unreasoned.status).toBe(400);
    expect(JSON.stringify(unreasoned.body)).toContain('reason');
    const stale = await expectNothingAppended(api, () =>
      api.http
        .post(path)
        .set(bearer(api.keys.admin))
        .set('If-Match', `"${action.revision - 1}"`)
        .send({ reason: REASON }),
    );
    expect(stale.status).toBe(409);
    expect(await columnsHolding(api, SEARCHED)).toEqual(expect.arrayContaining(['rm_audit_log.data']));
  });

  it('removes them from every table, the CSV and the workbook; the views show who removed them, when and why', async () => {
    const redacted = await api.http
      .post(`/actions/${action.id}/comments/${commentId}/redact`)
      .set(bearer(api.keys.admin))
      .set('If-Match', `"${action.revision}"`)
      .send({ reason: REASON });
    expect(redacted.status).toBe(200);
    action = { ...action, revision: redacted.body.revision as number };
    marker = removedMarker(new Date(), 'test admin', REASON);

    expect(await columnsHolding(api, SEARCHED)).toEqual([]);
    const [tombstone] = await api.oversight.readDatabase.query<Record<string, unknown>[]>(
      "SELECT wrapped_key, destroyed_by, reason, replacement FROM oversight_data_keys WHERE subject_kind = 'comment' AND subject_id = $1",
      [commentId],
    );
    expect(tombstone).toEqual({ wrapped_key: null, destroyed_by: 'test admin', reason: REASON, replacement: marker });

    const events = await allEvents(api);
    const redactedEvent = events.find((event) => event.type === 'Redacted')!;
    expect(redactedEvent).toMatchObject({
      streamId: actionStreamId(action.id),
      data: { kind: 'comment', id: commentId, fields: ['text'], replacement: marker },
      metadata: { reason: REASON, actor: { name: 'test admin', role: 'admin' } },
    });
    expect(events.find((event) => event.data.commentId === commentId)!.data.text).toBe(marker);
    expect(events.filter((event) => event.type === 'CommentAdded').map((event) => event.data.text)).toContain(
      'A second comment, about the service',
    );

    const csv = await download(api, '/audit-log?format=csv');
    expect(csv.status).toBe(200);
    expect((csv.body as Buffer).toString('utf8')).not.toContain(SEARCHED);
    expect((csv.body as Buffer).toString('utf8')).toContain(marker);
    const workbook = await workbookText(api, action.planId);
    expect(workbook).not.toContain(SEARCHED);
    const page = await api.http.get(`/actions/${action.id}`).set(bearer(api.keys.admin)).set('Accept', 'text/html');
    expect(page.status).toBe(200);
    expect(page.text).not.toContain(SEARCHED);
    expect(page.text).toContain('[removed on ');
  });

  it('leaves every hash chain holding, checked on the events as stored with no key', async () => {
    const report = await verifyEventStore(api.oversight.connected.storedEvents);
    expect(report.firstBroken).toBeNull();
    expect(report.events).toBe((await allEvents(api)).length);
  });

  it('refuses to remove them twice', async () => {
    const again = await expectNothingAppended(api, () =>
      api.http
        .post(`/actions/${action.id}/comments/${commentId}/redact`)
        .set(bearer(api.keys.admin))
        .set('If-Match', `"${action.revision}"`)
        .send({ reason: REASON }),
    );
    expect(again.status).toBe(409);
  });

  it('a rebuild of the read models shows the replacement, never the words', async () => {
    const before = await api.http.get(`/audit-log?actionId=${action.id}`).set(bearer(api.keys.admin));
    await rebuildProjections(api.store, api.oversight.readDatabase, allProjections);
    expect(await columnsHolding(api, SEARCHED)).toEqual([]);
    const after = await api.http.get(`/audit-log?actionId=${action.id}`).set(bearer(api.keys.admin));
    expect(after.status).toBe(200);
    expect(after.body).toEqual(before.body);
    expect(JSON.stringify(after.body)).toContain(marker);
  });

  it('finishes a redaction whose process stopped before destroying the key: the projector does it', async () => {
    const words = 'Ottoline Brackenbury moved school to Penistone';
    const commented = await applyUpdate(api, action, 'comments', { text: words });
    const events = await api.store.readStream(actionStreamId(action.id));
    const added = events.at(-1)!;
    const replacement = removedMarker(new Date(), 'test admin', REASON);
    // As redactText would, up to its append; then no projector wait and no key destroyed here.
    const appended = await api.store.append(
      actionStreamId(action.id),
      [
        {
          type: 'Redacted',
          data: { kind: 'comment', id: String(added.data.commentId), fields: ['text'], replacement },
        },
      ],
      {
        expectedRevision: commented.revision,
        actor: { id: 'admin', name: 'test admin', role: 'admin' },
        origin: 'api',
        reason: REASON,
      },
    );
    expect(await api.oversight.projector.waitFor(appended.position, 10_000)).toBe(true);
    expect(await columnsHolding(api, 'Brackenbury')).toEqual([]);
    const [key] = await api.oversight.readDatabase.query<{ wrapped_key: string | null }[]>(
      "SELECT wrapped_key FROM oversight_data_keys WHERE subject_kind = 'comment' AND subject_id = $1",
      [added.data.commentId],
    );
    expect(key!.wrapped_key).toBeNull();
  });

  it('removes words stored plain, before sealing began: the tombstone stands for the key they never had', async () => {
    const words = 'Peregrine Ashdown left care in Skelmanthorpe';
    const head = (await api.store.readStream(actionStreamId(action.id))).at(-1)!;
    const commentId = '0e8f7a52-6a0e-4c47-9d6e-2f1d3c4b5a69';
    // As a version before sealing wrote it: through the store as it is, the words plain.
    await api.oversight.connected.storedEvents.append(
      actionStreamId(action.id),
      [{ type: 'CommentAdded', data: { commentId, text: words } }],
      { expectedRevision: head.revision, actor: { id: 'm', name: 'test manager', role: 'manager' }, origin: 'api' },
    );
    await api.oversight.projector.waitFor(await api.store.headPosition(), 10_000);
    expect(await columnsHolding(api, 'Skelmanthorpe')).toEqual(
      expect.arrayContaining(['oversight_events.data', 'rm_audit_log.data', 'rm_actions.last_comment']),
    );

    const redacted = await api.http
      .post(`/actions/${action.id}/comments/${commentId}/redact`)
      .set(bearer(api.keys.admin))
      .set('If-Match', `"${head.revision + 1}"`)
      .send({ reason: 'retention period ended' });
    expect(redacted.status).toBe(200);
    const replacement = removedMarker(new Date(), 'test admin', 'retention period ended');
    // The event keeps its words (nothing in the store changes), and every reader is given the replacement.
    expect(await columnsHolding(api, 'Skelmanthorpe')).toEqual(['oversight_events.data']);
    const events = await api.store.readStream(actionStreamId(action.id));
    expect(events.find((event) => event.data.commentId === commentId)!.data.text).toBe(replacement);
    await rebuildProjections(api.store, api.oversight.readDatabase, allProjections);
    expect(await columnsHolding(api, 'Skelmanthorpe')).toEqual(['oversight_events.data']);
    expect((await verifyEventStore(api.oversight.connected.storedEvents)).firstBroken).toBeNull();
  });
});

describe('removing a recommendation’s words, with every plan’s restatement of them', () => {
  const words = 'Araminta Thistlewood, aged 9, was moved to a placement in Mexborough';
  const restated = 'R7: Araminta Thistlewood’s plan to be reviewed';
  const searched = 'Thistlewood';
  let api: ApiUnderTest;
  let recommendation: { id: string; revision: number; sourceId: string };
  let planId: string;
  let actionId: string;
  let marker: string;
  const path = () => `/recommendations/${recommendation.id}/redact`;

  /** Every view that shows a recommendation's words, as the admin reads them (child-level words are theirs to see). */
  const views = async (): Promise<Record<string, string>> => {
    const texts: Record<string, string> = {};
    const asAdmin = (url: string, accept = 'application/json') =>
      api.http.get(url).set(bearer(api.keys.admin)).set('Accept', accept);
    for (const [name, url, accept] of [
      ['history', `/recommendations/${recommendation.id}/history`],
      ['plan state', `/plans/${planId}/state`],
      ['evidence timeline', `/recommendations/${recommendation.id}/timeline`],
      ['accountability', '/sources/accountability'],
      ['report', `/plans/${planId}/report`],
      ['audit log', `/audit-log?actionId=${actionId}`],
      ['recommendation page', `/recommendations/${recommendation.id}`, 'text/html'],
      ['plan page', `/plans/${planId}`, 'text/html'],
    ] as const) {
      const response = await asAdmin(url, accept);
      expect({ name, status: response.status }).toEqual({ name, status: 200 });
      // The report carries its own hash and the store's position: the words are what is compared.
      // A page's script nonce is new on every answer.
      texts[name] =
        accept === 'text/html' ? response.text.replace(/nonce="[^"]*"/g, 'nonce') : JSON.stringify(response.body);
    }
    const csv = await download(api, '/audit-log?format=csv');
    expect(csv.status).toBe(200);
    texts.csv = (csv.body as Buffer).toString('utf8');
    texts.workbook = await workbookText(api, planId);
    return texts;
  };

  beforeAll(async () => {
    api = await startApi();
    recommendation = await createRecommendation(api, { text: words, level: 'child' });
    planId = (await createPlan(api)).id;
    // A plan's own words for it, as an import of a later plan restates it.
    const appended = await api.store.append(
      recommendationStreamId(recommendation.id),
      [
        {
          type: 'RecommendationRestated',
          data: { recommendationId: recommendation.id, planId, reference: 'R7', text: restated },
        },
      ],
      {
        expectedRevision: recommendation.revision,
        actor: { id: 'importer', name: 'test importer', role: 'manager' },
        origin: 'import',
      },
    );
    recommendation = { ...recommendation, revision: appended.nextExpectedRevision };
    actionId = (
      await createAction(api, { planId, sourceId: recommendation.sourceId, recommendationId: recommendation.id })
    ).id;
    await api.oversight.projector.waitFor(await api.store.headPosition(), 10_000);
  }, 120_000);

  afterAll(() => api?.close());

  it('shows the words, sealed in the events, in the views before', async () => {
    expect(await columnsHolding(api, searched)).toEqual(
      expect.arrayContaining(['rm_audit_log.data', 'rm_recommendations.text']),
    );
    expect(await columnsHolding(api, searched)).not.toContain('oversight_events.data');
    const before = await views();
    expect(before.history).toContain(searched);
    expect(before['recommendation page']).toContain(searched);
  });

  it('refuses a manager (403), a missing reason (400 naming it), a stale revision (409) and an unknown id (404), writing nothing', async () => {
    const send = (body: object, revision = recommendation.revision, key = api.keys.admin, url = path()) =>
      expectNothingAppended(api, () => api.http.post(url).set(bearer(key)).set('If-Match', `"${revision}"`).send(body));
    expect((await send({ reason: REASON }, recommendation.revision, api.keys.manager)).status).toBe(403);
    const unreasoned = await send({});
    expect(unreasoned.status).toBe(400);
    expect(JSON.stringify(unreasoned.body)).toContain('reason');
    expect((await send({ reason: REASON }, recommendation.revision - 1)).status).toBe(409);
    const unknown = await send({ reason: REASON }, 0, api.keys.admin, `/recommendations/${crypto.randomUUID()}/redact`);
    expect(unknown.status).toBe(404);
    expect(await columnsHolding(api, searched)).toEqual(expect.arrayContaining(['rm_recommendations.text']));
  });

  it('removes them from every table, every view, the CSV and the workbook; a retry answers the same', async () => {
    const redact = () =>
      api.http
        .post(path())
        .set(bearer(api.keys.admin))
        .set('If-Match', `"${recommendation.revision}"`)
        .set('Idempotency-Key', 'redact-the-recommendation')
        .send({ reason: REASON });
    const redacted = await redact();
    expect(redacted.status).toBe(200);
    marker = removedMarker(new Date(), 'test admin', REASON);
    expect(await columnsHolding(api, searched)).toEqual([]);

    const retried = await expectNothingAppended(api, redact);
    expect({ status: retried.status, body: retried.body }).toEqual({ status: 200, body: redacted.body });
    recommendation = { ...recommendation, revision: redacted.body.revision as number };

    const events = await allEvents(api);
    expect(events.find((event) => event.type === 'Redacted')).toMatchObject({
      streamId: recommendationStreamId(recommendation.id),
      data: { kind: 'recommendation', id: recommendation.id, fields: ['text'], replacement: marker },
      metadata: { reason: REASON, actor: { name: 'test admin', role: 'admin' } },
    });
    const ofIt = events.filter((event) => event.data.recommendationId === recommendation.id && 'text' in event.data);
    expect(ofIt.map((event) => [event.type, event.data.text]).sort()).toEqual([
      ['RecommendationRecorded', marker],
      ['RecommendationRestated', marker],
    ]);

    const after = await views();
    for (const [name, text] of Object.entries(after))
      expect({ name, holds: text.includes(searched) }).toEqual({ name, holds: false });
    expect(after.history).toContain(marker);
    expect(after['recommendation page']).toContain('[removed on ');
    expect(after.csv).toContain(marker);
  });

  it('refuses to remove them twice (409), and leaves every chain holding', async () => {
    const again = await expectNothingAppended(api, () =>
      api.http
        .post(path())
        .set(bearer(api.keys.admin))
        .set('If-Match', `"${recommendation.revision}"`)
        .send({ reason: REASON }),
    );
    expect(again.status).toBe(409);
    const report = await verifyEventStore(api.oversight.connected.storedEvents);
    expect(report.firstBroken).toBeNull();
  });

  it('a rebuild of the read models reproduces the redacted views', async () => {
    const before = await views();
    await rebuildProjections(api.store, api.oversight.readDatabase, allProjections);
    expect(await columnsHolding(api, searched)).toEqual([]);
    const after = await views();
    // The report and the workbook carry when they were made; the rest is the same, word for word.
    const stable = (texts: Record<string, string>) => {
      const { report: _report, workbook: _workbook, ...rest } = texts;
      return rest;
    };
    expect(stable(after)).toEqual(stable(before));
  });
});

describe('reasons, import file names and Idempotency-Keys: sealed or kept out of the events', () => {
  /** Canaries: found anywhere they should not be, they leaked. */
  const REASON_WORDS = 'Kittiwake Ormerod-Child is in foster care now';
  const FILE_NAME = 'Gannetsby child audit 2024.xlsx';
  const KEY_WORDS = 'idem-Puffinwick-child-key';
  let api: ApiUnderTest;
  let action: WrittenAction;

  /** The events table's columns holding `needle`, read as stored. */
  const eventColumnsHolding = async (needle: string) =>
    (await columnsHolding(api, needle)).filter((column) => /^oversight_(events|commands)\./.test(column));

  const changeStatus = () =>
    api.http
      .post(`/actions/${action.id}/status`)
      .set(bearer(api.keys.manager))
      .set('If-Match', `"${action.revision}"`)
      .set('Idempotency-Key', KEY_WORDS)
      .send({ to: 'red', reason: REASON_WORDS });

  beforeAll(async () => {
    api = await startApi();
    action = await createAction(api);
    const changed = await changeStatus();
    expect(changed.status).toBe(200);
    action = { ...action, revision: changed.body.revision as number };
    const imported = await api.http
      .post('/imports')
      .set(bearer(api.keys.manager))
      .attach('file', fixtureBytes(FIXTURES.sdp2024), FILE_NAME);
    expect(imported.status).toBe(201);
    await api.oversight.projector.waitFor(await api.store.headPosition(), 30_000);
  }, 180_000);

  afterAll(() => api?.close());

  it('stores none of them in plain text in the events, and the audit log shows them opened', async () => {
    expect(await eventColumnsHolding('Kittiwake')).toEqual([]);
    expect(await eventColumnsHolding('Gannetsby')).toEqual([]);
    expect(await eventColumnsHolding('Puffinwick')).toEqual([]);
    const [sealed] = await api.oversight.readDatabase.query<{ reason: string; origin: string }[]>(
      "SELECT reason, origin FROM oversight_events WHERE stream_id = $1 AND type = 'RagStatusChanged'",
      [actionStreamId(action.id)],
    );
    expect(sealed!.reason).toMatch(/^sealed:v1:/);
    const [importedRow] = await api.oversight.readDatabase.query<{ origin: string }[]>(
      "SELECT origin FROM oversight_events WHERE origin LIKE 'import:%!%' LIMIT 1",
    );
    expect(importedRow!.origin).toMatch(/^import:sealed:v1:[^!#]+!\d+$/);

    const log = await api.http.get(`/audit-log?actionId=${action.id}`).set(bearer(api.keys.admin));
    expect(log.status).toBe(200);
    expect(log.body.entries.map((entry: { reason: string | null }) => entry.reason)).toContain(REASON_WORDS);
    const imports = await api.http.get('/audit-log?type=ActionCreated&limit=5').set(bearer(api.keys.admin));
    const origins = imports.body.entries.map((entry: { origin: string }) => entry.origin) as string[];
    expect(origins.some((origin) => origin.startsWith(`import:${FILE_NAME}#`))).toBe(true);
    const page = await api.http.get(`/actions/${action.id}`).set(bearer(api.keys.admin)).set('Accept', 'text/html');
    expect(page.text).toContain('Kittiwake');
  });

  it("keeps a client's Idempotency-Key out of the events, and a retry under it still appends nothing", async () => {
    const [command] = await api.oversight.readDatabase.query<{ command_id: string }[]>(
      'SELECT command_id FROM oversight_events WHERE command_id LIKE $1 LIMIT 1',
      [`%:key-sha256:%`],
    );
    expect(command?.command_id).toMatch(/:key-sha256:[0-9a-f]{64}$/);
    // The same request again (If-Match as first sent): answered as the first was, nothing appended.
    const again = await expectNothingAppended(api, () =>
      api.http
        .post(`/actions/${action.id}/status`)
        .set(bearer(api.keys.manager))
        .set('If-Match', `"${action.revision - 1}"`)
        .set('Idempotency-Key', KEY_WORDS)
        .send({ to: 'red', reason: REASON_WORDS }),
    );
    expect(again.status).toBe(200);
    expect(again.headers['idempotent-replayed']).toBe('true');
  });

  it("removes an action's reasons from every table when redacted; verify and a rebuild hold", async () => {
    const redacted = await api.http
      .post(`/actions/${action.id}/reasons/redact`)
      .set(bearer(api.keys.admin))
      .set('If-Match', `"${action.revision}"`)
      .send({ reason: REASON });
    expect(redacted.status).toBe(200);
    const marker = removedMarker(new Date(), 'test admin', REASON);
    expect(await columnsHolding(api, 'Kittiwake')).toEqual([]);
    const log = await api.http.get(`/audit-log?actionId=${action.id}`).set(bearer(api.keys.admin));
    const reasons = log.body.entries.map((entry: { type: string; reason: string | null }) => [
      entry.type,
      entry.reason,
    ]);
    expect(reasons).toContainEqual(['RagStatusChanged', marker]);
    const [tombstone] = await api.oversight.readDatabase.query<{ wrapped_key: string | null }[]>(
      "SELECT wrapped_key FROM oversight_data_keys WHERE subject_kind = 'reasons' AND subject_id = $1",
      [actionStreamId(action.id)],
    );
    expect(tombstone!.wrapped_key).toBeNull();
    // The imported actions' reasons are the import's, under its key: untouched.
    expect(await columnsHolding(api, 'Gannetsby')).toEqual(expect.arrayContaining(['rm_audit_log.origin']));

    expect((await verifyEventStore(api.oversight.connected.storedEvents)).firstBroken).toBeNull();
    await rebuildProjections(api.store, api.oversight.readDatabase, allProjections);
    expect(await columnsHolding(api, 'Kittiwake')).toEqual([]);
    const rebuilt = await api.http.get(`/audit-log?actionId=${action.id}`).set(bearer(api.keys.admin));
    expect(rebuilt.body).toEqual(log.body);
    const importsAfter = await api.http.get('/audit-log?type=ActionCreated&limit=5').set(bearer(api.keys.admin));
    expect(
      (importsAfter.body.entries as { origin: string }[]).some((entry) =>
        entry.origin.startsWith(`import:${FILE_NAME}#`),
      ),
    ).toBe(true);
  });
});
