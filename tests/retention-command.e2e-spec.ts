import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { join } from 'node:path';
import pg from 'pg';
import { createPool, startEmbeddedPostgres } from '#event-store';
import {
  applyUpdate,
  createAction,
  createPlan,
  createRecommendation,
  type WrittenAction,
} from './support/api-builders.js';
import { bearer, startApi, type ApiUnderTest } from './support/api-harness.js';
import { runOversight, startService } from './support/programs.js';

const RULE = { RETENTION_CHILD_LEVEL_YEARS: '6' };
const REASON = 'retention period ended (child-level records: 6 years after the action closed)';
/** Words no other test data holds, in a record the rule reaches: found anywhere after --apply, they were not removed. */
const DUE_WORDS = 'Bartholomew Inchcape stayed with his aunt in Goole';
const KEPT_WORDS = 'Philippa Ormerod is settled at her new school in Selby';

/** SQL on the store the programs use (on embedded, while none of them runs). */
async function withSql<T>(env: Record<string, string>, work: (sql: pg.Pool) => Promise<T>): Promise<T> {
  const embedded = env.DATABASE_URL ? null : await startEmbeddedPostgres(join(env.DATA_DIR!, 'pglite'));
  const pool = createPool({ connectionString: env.DATABASE_URL ?? embedded!.url, max: 1 });
  try {
    return await work(pool);
  } finally {
    await pool.end();
    await embedded?.stop();
  }
}

const countEvents = (env: Record<string, string>) =>
  withSql(env, async (sql) => Number((await sql.query('SELECT count(*) AS n FROM oversight_events')).rows[0].n));

/** Every table and text, JSON or bytea column holding `needle`, as table.column. */
const columnsHolding = (env: Record<string, string>, needle: string) =>
  withSql(env, async (sql) => {
    const { rows: columns } = await sql.query<{ table_name: string; column_name: string; data_type: string }>(
      `SELECT c.table_name, c.column_name, c.data_type FROM information_schema.columns c
         JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name
        WHERE c.table_schema NOT IN ('pg_catalog', 'information_schema') AND t.table_type = 'BASE TABLE'
          AND c.data_type IN ('text', 'character varying', 'character', 'json', 'jsonb', 'ARRAY', 'bytea')`,
    );
    const found: string[] = [];
    for (const { table_name: table, column_name: column, data_type: type } of columns) {
      const holds =
        type === 'bytea' ? `position(convert_to($1, 'UTF8') in "${column}") > 0` : `strpos("${column}"::text, $1) > 0`;
      const { rows } = await sql.query(`SELECT count(*) AS n FROM "${table}" WHERE ${holds}`, [needle]);
      if (Number(rows[0].n) > 0) found.push(`${table}.${column}`);
    }
    return found;
  });

interface ListedRecord {
  kind: string;
  id: string;
  actionId: string | null;
  planIds: string[];
  closedOn: string;
  dueSince: string;
}
const byKindAndId = (a: { kind: string; id: string }, b: { kind: string; id: string }) =>
  `${a.kind}${a.id}`.localeCompare(`${b.kind}${b.id}`);

/**
 * `oversight retention --dry-run|--apply`: child-level records 6 years past their action's
 * closing are removed through the redaction path; nothing else is touched.
 */
describe('oversight retention', () => {
  let api: ApiUnderTest;
  let env: Record<string, string>;
  let planId: string;
  /** Child-level A: both its actions closed long ago. */
  let a1: WrittenAction;
  let a2: WrittenAction;
  let recommendationA: string;
  let b2: WrittenAction;
  let commentId: string;
  let evidenceId: string;
  let expected: Omit<ListedRecord, 'planIds'>[];

  const at = (day: string) => `${day}T10:00:00.000Z`;
  const answering = (recommendationId: string, sourceId: string, created: string) =>
    createAction(api, { planId, sourceId, recommendationId, effectiveAt: at(created) });
  const complete = (action: WrittenAction, day: string) =>
    applyUpdate(api, action, 'complete', { effectiveAt: at(day) });

  beforeAll(async () => {
    api = await startApi(RULE);
    env = { ...api.env, ...RULE };
    planId = (await createPlan(api)).id;
    const a = await createRecommendation(api, { level: 'child', text: 'Child A: review the plan for A' });
    recommendationA = a.id;
    a1 = await answering(a.id, a.sourceId, '2018-01-10');
    const commented = await api.http
      .post(`/actions/${a1.id}/comments`)
      .set(bearer(api.keys.manager))
      .set('If-Match', `"${a1.revision}"`)
      .send({ text: DUE_WORDS, effectiveAt: at('2018-06-01') });
    expect(commented.status).toBe(201);
    commentId = String((await api.store.readStream(`action-${a1.id}`)).at(-1)!.data.commentId);
    a1 = { ...a1, revision: commented.body.revision as number };
    const evidenced = await api.http
      .post(`/actions/${a1.id}/evidence`)
      .set(bearer(api.keys.manager))
      .set('If-Match', `"${a1.revision}"`)
      .send({
        title: `Case file of ${DUE_WORDS}`,
        kind: 'case-file',
        location: { kind: 'document', reference: 'LCS case 4471' },
        date: '2018-06-02',
        effectiveAt: at('2018-06-02'),
      });
    expect(evidenced.status).toBe(201);
    evidenceId = String((await api.store.readStream(`action-${a1.id}`)).at(-1)!.data.evidenceId);
    a1 = await complete({ ...a1, revision: evidenced.body.revision as number }, '2019-03-15');
    a2 = await answering(a.id, a.sourceId, '2018-02-01');
    a2 = await applyUpdate(api, a2, 'withdraw', { effectiveAt: at('2019-06-01') });

    // Child-level B: one action past the rule, one closed too recently; B's own words stay.
    const b = await createRecommendation(api, { level: 'child', text: 'Child B: review the plan for B' });
    b2 = await complete(await answering(b.id, b.sourceId, '2018-03-01'), '2019-01-01');
    const b1 = await answering(b.id, b.sourceId, '2019-03-01');
    await applyUpdate(api, b1, 'comments', { text: KEPT_WORDS, effectiveAt: at('2020-01-01') }).then((action) =>
      complete(action, '2021-01-10'),
    );

    // Child-level C: one completed then reopened, one kept in the plan for oversight: neither is closed.
    const c = await createRecommendation(api, { level: 'child', text: 'Child C: review the plan for C' });
    const reopened = await complete(await answering(c.id, c.sourceId, '2018-01-01'), '2018-05-01');
    await applyUpdate(api, reopened, 'reopen', { effectiveAt: at('2018-06-01') });
    const retained = await complete(await answering(c.id, c.sourceId, '2018-01-01'), '2018-05-01');
    await applyUpdate(api, retained, 'retain', { effectiveAt: at('2018-05-02') });

    // Service-level: closed long ago, and no rule reaches it.
    const s = await createRecommendation(api, { level: 'service', text: 'Improve supervision across the service' });
    await complete(await answering(s.id, s.sourceId, '2017-01-01'), '2017-06-01');

    await api.oversight.projector.waitFor(await api.store.headPosition(), 10_000);
    await api.stop();

    expected = [
      { kind: 'comment', id: commentId, actionId: a1.id, closedOn: '2019-03-15', dueSince: '2025-03-15' },
      { kind: 'evidence', id: evidenceId, actionId: a1.id, closedOn: '2019-03-15', dueSince: '2025-03-15' },
      { kind: 'action', id: a1.id, actionId: a1.id, closedOn: '2019-03-15', dueSince: '2025-03-15' },
      { kind: 'action', id: a2.id, actionId: a2.id, closedOn: '2019-06-01', dueSince: '2025-06-01' },
      { kind: 'action', id: b2.id, actionId: b2.id, closedOn: '2019-01-01', dueSince: '2025-01-01' },
      { kind: 'recommendation', id: recommendationA, actionId: null, closedOn: '2019-06-01', dueSince: '2025-06-01' },
    ];
  }, 240_000);

  afterAll(() => api?.close());

  it('refuses to run without a rule, or without --dry-run or --apply (exit 2)', async () => {
    const noRule = await runOversight(['retention', '--dry-run'], api.env);
    expect({ code: noRule.code, stderr: noRule.stderr }).toEqual({
      code: 2,
      stderr: expect.stringContaining('RETENTION_CHILD_LEVEL_YEARS'),
    });
    const neither = await runOversight(['retention'], env);
    expect(neither.code).toBe(2);
    expect(neither.stderr).toContain('--dry-run or --apply');
  }, 300_000);

  it('--dry-run lists exactly the records past the rule, and writes nothing', async () => {
    const before = await countEvents(env);
    const dry = await runOversight(['retention', '--dry-run', '--json'], env);
    expect({ code: dry.code, stderr: dry.stderr }).toEqual({ code: 0, stderr: '' });
    const report = JSON.parse(dry.stdout) as {
      due: ListedRecord[];
      removed: unknown[];
      dryRun: boolean;
      reason: string;
    };
    expect(report).toMatchObject({ dryRun: true, removed: [], reason: REASON });
    expect([...report.due].sort(byKindAndId)).toEqual(
      expected.map((record) => ({ ...record, planIds: [planId] })).sort(byKindAndId),
    );
    expect(await countEvents(env)).toBe(before);

    // Judged as at the day before the first is due, none is; as at that day, that one only.
    const early = JSON.parse(
      (await runOversight(['retention', '--dry-run', '--json', '--as-at', '2024-12-31'], env)).stdout,
    );
    expect(early.due).toEqual([]);
    const first = JSON.parse(
      (await runOversight(['retention', '--dry-run', '--json', '--as-at', '2025-01-01'], env)).stdout,
    );
    expect(first.due.map((record: ListedRecord) => record.id)).toEqual([b2.id]);

    const text = await runOversight(['retention', '--dry-run'], env);
    expect(text.stdout).toContain('Retention rule: child-level records: 6 years after the action closed.');
    expect(text.stdout).toContain(`recommendation  ${recommendationA}`);
    expect(text.stdout).toContain('Would remove 6 records. Dry run: nothing was written.');
    expect(await countEvents(env)).toBe(before);
  }, 300_000);

  it('--apply removes them through the redaction path, reports it, and leaves verify holding; again removes nothing', async () => {
    expect(await columnsHolding(env, 'Inchcape')).toEqual(expect.arrayContaining(['rm_audit_log.data']));
    const applied = await runOversight(['retention', '--apply', '--as', 'Records Manager'], env);
    expect({ code: applied.code, stderr: applied.stderr }).toEqual({ code: 0, stderr: '' });
    expect(applied.stdout).toContain('Removed 6 records.');
    expect(applied.stdout).toContain(`comment         ${commentId}`);

    expect(await columnsHolding(env, 'Inchcape')).toEqual([]);
    expect(await columnsHolding(env, 'review the plan for A')).toEqual([]);
    // What the rule does not reach keeps its words.
    expect(await columnsHolding(env, 'Ormerod')).toEqual(expect.arrayContaining(['rm_audit_log.data']));
    expect(await columnsHolding(env, 'review the plan for B')).toEqual(
      expect.arrayContaining(['rm_recommendations.text']),
    );
    expect(await columnsHolding(env, 'review the plan for C')).toEqual(
      expect.arrayContaining(['rm_recommendations.text']),
    );

    const redactions = await withSql(
      env,
      async (sql) =>
        (
          await sql.query(
            `SELECT data ->> 'kind' AS kind, data ->> 'id' AS id, reason, origin, actor_name, actor_role
               FROM rm_audit_log WHERE type = 'Redacted'`,
          )
        ).rows,
    );
    // The audit log shows each reason opened; the events keep it sealed, as every reason is.
    const stored = await withSql(
      env,
      async (sql) => (await sql.query(`SELECT reason FROM oversight_events WHERE type = 'Redacted'`)).rows,
    );
    expect(stored).toHaveLength(redactions.length);
    for (const { reason } of stored) expect(reason).toMatch(/^sealed:v1:/);
    expect(redactions.map(({ kind, id }) => ({ kind, id })).sort(byKindAndId)).toEqual(
      expected.map(({ kind, id }) => ({ kind, id })).sort(byKindAndId),
    );
    for (const { reason, origin, actor_name: name, actor_role: role } of redactions)
      expect({ reason, origin, name, role }).toEqual({
        reason: REASON,
        origin: 'cli',
        name: 'Records Manager',
        role: 'admin',
      });

    const verified = await runOversight(['verify'], env);
    expect({ code: verified.code, stderr: verified.stderr }).toMatchObject({ code: 0 });

    const again = await runOversight(['retention', '--apply', '--json'], env);
    expect(again.code).toBe(0);
    expect(JSON.parse(again.stdout)).toMatchObject({ due: [], removed: [] });
    expect(
      await withSql(env, async (sql) =>
        Number((await sql.query(`SELECT count(*) AS n FROM oversight_events WHERE type = 'Redacted'`)).rows[0].n),
      ),
    ).toBe(expected.length);
  }, 300_000);

  it('the views show the removed marker where the words were', async () => {
    const service = await startService(env);
    try {
      const get = async (path: string, accept = 'application/json') => {
        const response = await fetch(`${service.baseUrl}${path}`, {
          headers: { ...bearer(api.keys.admin), Accept: accept },
        });
        expect({ path, status: response.status }).toEqual({ path, status: 200 });
        return response.text();
      };
      const marker =
        /\[removed on \d+ \w+ \d{4} by Records Manager: retention period ended \(child-level records: 6 years after the action closed\)\]/;
      const history = await get(`/recommendations/${recommendationA}/history`);
      expect(history).toMatch(marker);
      expect(history).not.toContain('review the plan for A');
      const page = await get(`/actions/${a1.id}`, 'text/html');
      expect(page).not.toContain('Inchcape');
      expect(page).toContain('[removed on ');
      const csv = await get('/audit-log?format=csv', 'text/csv');
      expect(csv).not.toContain('Inchcape');
      expect(csv).toContain('Ormerod');
    } finally {
      await service.stop();
    }
  }, 300_000);
});
