import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { actionRequest, commandIdOf, planRequest, sourceRequest } from '../support/api-builders.js';
import { startService, type RunningService } from '../support/programs.js';
import { startTcpProxy, type TcpProxy } from '../support/tcp-proxy.js';
import {
  call,
  freshDatabase,
  issueKeys,
  mustCall,
  readModelRows,
  openedData,
  rebuildReadModels,
  serverAddress,
  waitForProjections,
  waitUntil,
  type FreshDatabase,
  type Outcome,
} from './support/reliability.js';

const CLIENTS = 4;
const ACTIONS = 8;
const BEFORE_MS = 1_500;
const OUTAGE_MS = 4_000;
const AFTER_MS = 2_000;
/** How long the service may take to notice the database is back. */
const RECOVERY_BOUND_MS = 15_000;
/** A request that takes longer than this during the outage counts as hanging. */
const REQUEST_TIMEOUT_MS = 10_000;

interface Sent {
  client: number;
  actionId: string;
  idempotencyKey: string;
  body: { text: string };
  startedAt: number;
  endedAt: number;
  outcome: Outcome;
}

/**
 * The database goes away under load: a proxy between the service (a real process) and PostgreSQL
 * drops every connection and refuses new ones. While it is down the service answers 503 problem
 * details, promptly; when it is back the service recovers by itself, and nothing it acknowledged
 * is lost or doubled, in the store or in the read models.
 */
describe('reliability: the database goes down under load', () => {
  let database: FreshDatabase;
  let proxy: TcpProxy;
  let service: RunningService;
  let keys: Awaited<ReturnType<typeof issueKeys>>;
  const sent: Sent[] = [];
  const health: { at: number; status: number | 'no answer' }[] = [];
  let cutAt = 0;
  let restoredAt = 0;
  let recoveredAt = 0;

  beforeAll(async () => {
    database = await freshDatabase('oversight_rel_outage');
    keys = await issueKeys(database.url);
    proxy = await startTcpProxy(serverAddress());
    service = await startService({ DATABASE_URL: proxy.urlFor(database.url), LOG_LEVEL: 'warn' });
    const manager = keys.manager.key;
    const plan = await mustCall(service.baseUrl, 'POST', '/plans', 201, { key: manager, body: planRequest() });
    const source = await mustCall(service.baseUrl, 'POST', '/sources', 201, { key: manager, body: sourceRequest() });
    const actionIds: string[] = [];
    for (let index = 0; index < ACTIONS; index += 1) {
      actionIds.push(
        (
          await mustCall(service.baseUrl, 'POST', '/actions', 201, {
            key: manager,
            body: actionRequest(plan.id, source.id, { ref: `O.${index}` }),
          })
        ).id,
      );
    }

    // Clients write comments non-stop, each on its own actions, keeping the ETag each answer gives.
    let running = true;
    let sequence = 0;
    const client = async (clientIndex: number) => {
      const mine = actionIds.filter((_, index) => index % CLIENTS === clientIndex);
      const revisions = new Map(mine.map((id) => [id, 0]));
      for (let turn = 0; running; turn += 1) {
        const actionId = mine[turn % mine.length]!;
        const number = (sequence += 1);
        const request = {
          client: clientIndex,
          actionId,
          idempotencyKey: `outage-${number}`,
          body: { text: `Comment ${number} from client ${clientIndex}` },
        };
        const startedAt = Date.now();
        const outcome = await call(service.baseUrl, 'POST', `/actions/${actionId}/comments`, {
          key: manager,
          body: request.body,
          headers: { 'If-Match': `"${revisions.get(actionId)}"`, 'Idempotency-Key': request.idempotencyKey },
          timeoutMs: REQUEST_TIMEOUT_MS,
        });
        sent.push({ ...request, startedAt, endedAt: Date.now(), outcome });
        if (outcome.answered && outcome.reply.status === 201) revisions.set(actionId, outcome.reply.body.revision);
        else if (
          outcome.answered &&
          outcome.reply.status === 409 &&
          typeof outcome.reply.body.currentRevision === 'number'
        )
          revisions.set(actionId, outcome.reply.body.currentRevision);
        else await new Promise((resolve) => setTimeout(resolve, 50));
      }
    };
    const probeHealth = async () => {
      while (running) {
        const outcome = await call(service.baseUrl, 'GET', '/health', { timeoutMs: REQUEST_TIMEOUT_MS });
        health.push({ at: Date.now(), status: outcome.answered ? outcome.reply.status : 'no answer' });
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
    };
    const load = [...Array.from({ length: CLIENTS }, (_, index) => client(index)), probeHealth()];

    await new Promise((resolve) => setTimeout(resolve, BEFORE_MS));
    await proxy.cut();
    cutAt = Date.now();
    await new Promise((resolve) => setTimeout(resolve, OUTAGE_MS));
    await proxy.restore();
    restoredAt = Date.now();
    try {
      await waitUntil(
        'a write to succeed after the database came back',
        async () =>
          sent.some(
            (request) =>
              request.startedAt >= restoredAt && request.outcome.answered && request.outcome.reply.status === 201,
          ),
        RECOVERY_BOUND_MS,
        50,
      );
      recoveredAt = Date.now();
      await new Promise((resolve) => setTimeout(resolve, AFTER_MS));
    } finally {
      running = false;
      await Promise.all(load);
    }
  });

  afterAll(async () => {
    await service?.stop();
    await proxy?.close();
    await database?.drop();
  });

  const statusOf = (request: Sent) =>
    request.outcome.answered ? request.outcome.reply.status : `no answer (${request.outcome.error})`;
  const during = () => sent.filter((request) => request.startedAt >= cutAt && request.endedAt <= restoredAt);
  const acknowledged = () => sent.filter((request) => request.outcome.answered && request.outcome.reply.status === 201);

  it('kept writing before the outage, and tried to write during it', () => {
    expect(sent.filter((request) => request.endedAt <= cutAt && statusOf(request) === 201).length).toBeGreaterThan(10);
    expect(during().length).toBeGreaterThan(20);
  });

  it('answers every request, never with a 500 and never hanging', () => {
    const wrong = sent.filter(
      (request) =>
        !request.outcome.answered || (request.outcome.reply.status >= 500 && request.outcome.reply.status !== 503),
    );
    expect(wrong.map((request) => ({ key: request.idempotencyKey, status: statusOf(request) }))).toEqual([]);
    expect(
      health.filter((probe) => probe.status === 'no answer' || (probe.status !== 200 && probe.status !== 503)),
    ).toEqual([]);
  });

  it('answers 503 problem details to every write while the database is down', () => {
    for (const request of during()) {
      expect({ key: request.idempotencyKey, status: statusOf(request) }).toEqual({
        key: request.idempotencyKey,
        status: 503,
      });
      const reply = (request.outcome as { reply: { headers: Headers; body: any } }).reply;
      expect(reply.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      expect(reply.body).toMatchObject({
        status: 503,
        type: expect.any(String),
        title: expect.any(String),
        detail: expect.any(String),
      });
      expect(request.endedAt - request.startedAt).toBeLessThan(REQUEST_TIMEOUT_MS);
    }
  });

  it('GET /health says 503 while the database is down and 200 once it is back', () => {
    const down = health.filter((probe) => probe.at > cutAt + 500 && probe.at < restoredAt);
    expect(down.length).toBeGreaterThan(3);
    expect(down.every((probe) => probe.status === 503)).toBe(true);
    expect(health.filter((probe) => probe.at > recoveredAt + 500).every((probe) => probe.status === 200)).toBe(true);
    expect(health.at(-1)!.status).toBe(200);
  });

  it('recovers by itself when the database returns: within the bound, and every write after succeeds', () => {
    expect(recoveredAt - restoredAt).toBeLessThan(RECOVERY_BOUND_MS);
    expect(proxy.accepted).toBeGreaterThan(0);
    const settled = sent.filter((request) => request.startedAt > recoveredAt + 500);
    expect(settled.length).toBeGreaterThan(10);
    expect(
      settled
        .filter((request) => statusOf(request) !== 201)
        .map((request) => ({ key: request.idempotencyKey, status: statusOf(request) })),
    ).toEqual([]);
  });

  it('loses nothing acknowledged: every 201 is in the store once, where its answer said', async () => {
    const rows = await database.sql<{
      command_id: string;
      stream_id: string;
      revision: string;
      position: string;
      text: string;
    }>(
      "SELECT command_id, stream_id, revision, position, data->>'text' AS text FROM oversight_events WHERE type = 'CommentAdded' ORDER BY position",
    );
    // The words are stored sealed: read as the service reads them.
    const opened = await openedData(database.url, rows);
    rows.forEach((row, n) => (row.text = opened[n]!.text as string));
    const byCommand = new Map<string, typeof rows>();
    for (const row of rows) byCommand.set(row.command_id, [...(byCommand.get(row.command_id) ?? []), row]);
    // No command appended twice, acknowledged or not.
    expect([...byCommand.entries()].filter(([, found]) => found.length > 1).map(([command]) => command)).toEqual([]);
    for (const request of acknowledged()) {
      const reply = (request.outcome as { reply: { body: any } }).reply;
      const found = byCommand.get(commandIdOf(keys.manager.id, request.idempotencyKey)) ?? [];
      expect({
        key: request.idempotencyKey,
        found: found.map((row) => ({
          stream: row.stream_id,
          revision: Number(row.revision),
          position: Number(row.position),
          text: row.text,
        })),
      }).toEqual({
        key: request.idempotencyKey,
        found: [
          {
            stream: `action-${request.actionId}`,
            revision: reply.body.revision,
            position: reply.body.position,
            text: request.body.text,
          },
        ],
      });
    }
    // Nothing refused for a reason of its own (a 4xx) was written.
    for (const request of sent.filter(
      (candidate) =>
        candidate.outcome.answered && candidate.outcome.reply.status >= 400 && candidate.outcome.reply.status < 500,
    )) {
      expect({
        key: request.idempotencyKey,
        found: byCommand.has(commandIdOf(keys.manager.id, request.idempotencyKey)),
      }).toEqual({ key: request.idempotencyKey, found: false });
    }
  });

  it('a 503 retried with its Idempotency-Key once the database is back lands exactly once', async () => {
    const refused = sent.filter((request) => statusOf(request) === 503);
    expect(refused.length).toBeGreaterThan(0);
    // One client per action retries its refused comments in order, re-reading the revision a 409 gives.
    const retries: { key: string; status: number | string; detail?: string }[] = [];
    const actionIds = [...new Set(refused.map((request) => request.actionId))];
    await Promise.all(
      actionIds.map(async (actionId) => {
        const [head] = await database.sql<{ revision: string }>(
          'SELECT max(revision) AS revision FROM oversight_events WHERE stream_id = $1',
          [`action-${actionId}`],
        );
        let revision = Number(head!.revision);
        for (const request of refused.filter((candidate) => candidate.actionId === actionId)) {
          for (let attempt = 0; ; attempt += 1) {
            const outcome = await call(service.baseUrl, 'POST', `/actions/${actionId}/comments`, {
              key: keys.manager.key,
              body: request.body,
              headers: { 'If-Match': `"${revision}"`, 'Idempotency-Key': request.idempotencyKey },
              timeoutMs: 60_000,
            });
            const stale =
              outcome.answered &&
              outcome.reply.status === 409 &&
              typeof outcome.reply.body.currentRevision === 'number';
            if (stale && attempt < 3) {
              revision = outcome.reply.body.currentRevision;
              continue;
            }
            if (outcome.answered && outcome.reply.status === 201)
              revision = Math.max(revision, outcome.reply.body.revision);
            retries.push({
              key: request.idempotencyKey,
              status: outcome.answered ? outcome.reply.status : outcome.error,
              ...(outcome.answered && outcome.reply.status !== 201 ? { detail: outcome.reply.body.detail } : {}),
            });
            break;
          }
        }
      }),
    );
    // A 503 that had in fact been written answers its first response again; one that had not is written now.
    expect(retries.filter((retry) => retry.status !== 201)).toEqual([]);
    const [{ doubled }] = await database.sql<{ doubled: string }>(
      "SELECT count(*) AS doubled FROM (SELECT command_id FROM oversight_events WHERE type = 'CommentAdded' GROUP BY command_id HAVING count(*) > 1) twice",
    );
    expect(Number(doubled)).toBe(0);
    const [{ count }] = await database.sql<{ count: string }>(
      'SELECT count(*) FROM oversight_events WHERE command_id = ANY($1)',
      [refused.map((request) => commandIdOf(keys.manager.id, request.idempotencyKey))],
    );
    expect(Number(count)).toBe(refused.length);
  });

  it('the projector resumes: the read models reach the last event and equal a rebuild from the store', async () => {
    await waitForProjections(database.sql);
    const rebuilt = await rebuildReadModels(database.url);
    try {
      const live = await readModelRows(database.sql);
      expect(live.rm_audit_log!.length).toBeGreaterThan(0);
      expect(live).toEqual(await readModelRows(rebuilt.sql));
    } finally {
      await rebuilt.drop();
    }
    const counts = await database.sql<{ action_id: string; comment_count: number; events: string }>(
      `SELECT a.action_id, a.comment_count, (SELECT count(*) FROM oversight_events e WHERE e.stream_id = 'action-' || a.action_id AND e.type = 'CommentAdded') AS events FROM rm_actions a`,
    );
    expect(counts.length).toBe(ACTIONS);
    for (const row of counts)
      expect({ action: row.action_id, comments: row.comment_count }).toEqual({
        action: row.action_id,
        comments: Number(row.events),
      });
  });
});
