import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import pg from 'pg';
import { createPool, hashEvent, PostgresEventStore } from '#event-store';
import {
  actionRequest,
  planRequest,
  recommendationRequest,
  sourceRequest,
  updateRequest,
} from '../support/api-builders.js';
import { runOversight, startService } from '../support/programs.js';
import { freshDatabase, issueKeys, mustCall, type FreshDatabase } from './support/reliability.js';

interface Row {
  stream_id: string;
  revision: string;
  event_id: string;
  position: string;
  type: string;
}

/** How a tamperer with superuser rights gets past the append-only triggers. */
type Bypass = 'replica role' | 'triggers disabled';

/**
 * Tampering with the stored events, as a superuser can (the append-only triggers switched off):
 * `oversight verify` exits 1 naming the first bad event — stream, revision, event id, position.
 * tests/verify-command.e2e-spec.ts covers one edit of a hand-made event's data; these cover a
 * store the service wrote, edits to who/when/why, an edit whose hash is forged, deletions,
 * reordering in a stream and in global order, and several streams tampered at once.
 */
describe('reliability: tampering with stored events is found by oversight verify', () => {
  let database: FreshDatabase;
  let tamperer: pg.Client;
  /** Streams in the order verify walks them (by first position), each with its rows by revision. */
  let streams: { id: string; rows: Row[] }[];

  beforeAll(async () => {
    database = await freshDatabase('oversight_rel_tamper');
    const keys = await issueKeys(database.url);
    const service = await startService({ DATABASE_URL: database.url, LOG_LEVEL: 'warn' });
    try {
      const key = keys.manager.key;
      // Creations, comments and evidence answer 201; other updates 200.
      const post = (path: string, body: object, ifMatch?: number) =>
        mustCall(
          service.baseUrl,
          'POST',
          path,
          ifMatch === undefined || /(comments|evidence)$/.test(path) ? 201 : 200,
          {
            key,
            body,
            headers: ifMatch === undefined ? {} : { 'If-Match': `"${ifMatch}"` },
          },
        );
      const plan = await post('/plans', planRequest());
      const source = await post('/sources', sourceRequest());
      const recommendation = await post(`/sources/${source.id}/recommendations`, recommendationRequest());
      for (let index = 0; index < 2; index += 1) {
        const action = await post(
          '/actions',
          actionRequest(plan.id, source.id, { recommendationId: recommendation.id, ref: `T.${index}` }),
        );
        let revision = 0;
        for (const verb of ['comments', 'status', 'comments', 'due-date', 'comments'] as const) {
          revision = (
            await post(
              `/actions/${action.id}/${verb}`,
              updateRequest(verb, verb === 'comments' ? { text: `Comment at revision ${revision + 1}` } : {}),
              revision,
            )
          ).revision;
        }
      }
    } finally {
      await service.stop();
    }
    tamperer = new pg.Client({ connectionString: database.url });
    await tamperer.connect();
    const rows = (
      await tamperer.query<Row>(
        'SELECT stream_id, revision::text, event_id::text, position::text, type FROM oversight_events e ORDER BY e.position',
      )
    ).rows;
    const ids = [...new Set(rows.map((row) => row.stream_id))];
    streams = ids.map((id) => ({
      id,
      rows: rows.filter((row) => row.stream_id === id).sort((a, b) => Number(a.revision) - Number(b.revision)),
    }));
  });

  afterAll(async () => {
    await tamperer?.end();
    await database?.drop();
  });

  const actionStreams = () => streams.filter((stream) => stream.id.startsWith('action-'));

  /** Runs statements with the triggers bypassed, in one transaction. */
  async function asSuperuser(bypass: Bypass, statements: [string, unknown[]][]): Promise<void> {
    await tamperer.query('BEGIN');
    try {
      if (bypass === 'replica role') await tamperer.query('SET LOCAL session_replication_role = replica');
      else await tamperer.query('ALTER TABLE oversight_events DISABLE TRIGGER ALL');
      for (const [text, params] of statements) await tamperer.query(text, params);
      if (bypass === 'triggers disabled') await tamperer.query('ALTER TABLE oversight_events ENABLE TRIGGER ALL');
      await tamperer.query('COMMIT');
    } catch (error) {
      await tamperer.query('ROLLBACK');
      throw error;
    }
  }

  /** Tampers with the given streams, runs verify, then puts their rows back as they were. */
  async function verifyAfter(bypass: Bypass, streamIds: string[], statements: [string, unknown[]][]) {
    const saved = (await tamperer.query('SELECT * FROM oversight_events WHERE stream_id = ANY($1)', [streamIds])).rows;
    await asSuperuser(bypass, statements);
    try {
      return await runOversight(['verify'], { DATABASE_URL: database.url });
    } finally {
      await asSuperuser('replica role', [
        ['DELETE FROM oversight_events WHERE stream_id = ANY($1)', [streamIds]],
        [
          'INSERT INTO oversight_events SELECT * FROM json_populate_recordset(NULL::oversight_events, $1)',
          [JSON.stringify(saved)],
        ],
      ]);
    }
  }

  const brokenLine = (row: Row, problem: RegExp) =>
    expect.stringMatching(
      new RegExp(
        `^BROKEN: stream ${row.stream_id}, revision ${row.revision} \\(event ${row.event_id}, position ${row.position}\\): ${problem.source}`,
      ),
    );
  const expectBroken = (result: { code: number | null; stdout: string }, row: Row, problem: RegExp) =>
    expect({ code: result.code, stdout: result.stdout }).toEqual({ code: 1, stdout: brokenLine(row, problem) });

  it('the untouched store verifies', async () => {
    expect(actionStreams()).toHaveLength(2);
    const result = await runOversight(['verify'], { DATABASE_URL: database.url });
    const count = streams.reduce((sum, stream) => sum + stream.rows.length, 0);
    expect({ code: result.code, stdout: result.stdout }).toEqual({
      code: 0,
      stdout: `OK: all ${count} events in ${streams.length} streams hold.\n`,
    });
  });

  it("without a superuser's bypass, UPDATE, DELETE and TRUNCATE are refused", async () => {
    for (const statement of [
      "UPDATE oversight_events SET reason = 'x' WHERE revision = 0",
      'DELETE FROM oversight_events WHERE revision = 1',
      'TRUNCATE oversight_events',
    ]) {
      await expect(tamperer.query(statement)).rejects.toThrow(/append-only/);
    }
  });

  const edits: [string, Bypass, string][] = [
    ['the data of a comment', 'triggers disabled', `data = jsonb_set(data, '{text}', '"Nothing was done."')`],
    ['who recorded it (actor name)', 'replica role', "actor_name = 'Someone Else'"],
    ['who recorded it (actor id and role)', 'triggers disabled', "actor_id = 'forged', actor_role = 'admin'"],
    [
      'when it was recorded and took effect (both backdated)',
      'replica role',
      "recorded_at = recorded_at - interval '30 days', effective_at = effective_at - interval '30 days'",
    ],
    ['when it took effect', 'replica role', "effective_at = effective_at - interval '1 day'"],
    ['the reason given', 'triggers disabled', "reason = 'A better reason'"],
    ['its type', 'replica role', "type = 'ActionWithdrawn'"],
    ['its origin', 'replica role', "origin = 'import:forged.xlsx#Sheet1!2'"],
  ];

  it.each(edits)('an edit to %s (%s) names that event', async (_, bypass, assignment) => {
    const row = actionStreams()[0]!.rows[3]!;
    const result = await verifyAfter(
      bypass,
      [row.stream_id],
      [[`UPDATE oversight_events SET ${assignment} WHERE event_id = $1`, [row.event_id]]],
    );
    expectBroken(result, row, /the stored hash does not match/);
  });

  it('an edit whose hash the tamperer recomputed names the next event, whose link no longer holds', async () => {
    const { rows } = actionStreams()[1]!;
    const [edited, next] = [rows[2]!, rows[3]!];
    const pool = createPool({ connectionString: database.url, max: 1 });
    const store = await PostgresEventStore.open(pool, { listen: false });
    let forged: string;
    try {
      // Forge: the comment reworded, with the hash it would then have had.
      const events = await store.readStream(edited.stream_id);
      const original = events[Number(edited.revision)]!;
      forged = hashEvent(
        { ...original, data: { ...original.data, text: 'Forged comment' } },
        events[Number(edited.revision) - 1]!.hash,
      );
    } finally {
      await store.close();
      await pool.end();
    }
    const result = await verifyAfter(
      'replica role',
      [edited.stream_id],
      [
        [
          `UPDATE oversight_events SET data = jsonb_set(data, '{text}', '"Forged comment"'), hash = $2 WHERE event_id = $1`,
          [edited.event_id, forged],
        ],
      ],
    );
    expectBroken(result, next, /the stored hash does not match/);
  });

  it('deleting an event names the one after it', async () => {
    const [, second, third] = actionStreams()[0]!.rows;
    const result = await verifyAfter(
      'triggers disabled',
      [second!.stream_id],
      [['DELETE FROM oversight_events WHERE event_id = $1', [second!.event_id]]],
    );
    expectBroken(result, third!, /revision 2 follows revision 0: an event is missing or out of order/);
  });

  it("deleting a stream's first event names the new first one", async () => {
    const [first, second] = actionStreams()[1]!.rows;
    const result = await verifyAfter(
      'replica role',
      [first!.stream_id],
      [['DELETE FROM oversight_events WHERE event_id = $1', [first!.event_id]]],
    );
    expectBroken(result, second!, /the stream starts at revision 1: earlier events are missing/);
  });

  it('swapping two events in their stream names the first of them, at its new place', async () => {
    const { rows } = actionStreams()[0]!;
    const [a, b] = [rows[2]!, rows[3]!];
    // Each takes the other's revision and position (both unique, hence the detour).
    const result = await verifyAfter(
      'triggers disabled',
      [a.stream_id],
      [
        [
          'UPDATE oversight_events SET revision = revision + 1000000, position = -position WHERE event_id = ANY($1)',
          [[a.event_id, b.event_id]],
        ],
        [
          'UPDATE oversight_events SET revision = $2, position = $3 WHERE event_id = $1',
          [b.event_id, a.revision, a.position],
        ],
        [
          'UPDATE oversight_events SET revision = $2, position = $3 WHERE event_id = $1',
          [a.event_id, b.revision, b.position],
        ],
      ],
    );
    expectBroken(result, { ...b, revision: a.revision, position: a.position }, /the stored hash does not match/);
  });

  it('reordering two events in global order (positions swapped, revisions kept) names the later revision', async () => {
    const { rows } = actionStreams()[1]!;
    const [a, b] = [rows[3]!, rows[4]!];
    const result = await verifyAfter(
      'replica role',
      [a.stream_id],
      [
        ['UPDATE oversight_events SET position = -position WHERE event_id = ANY($1)', [[a.event_id, b.event_id]]],
        ['UPDATE oversight_events SET position = $2 WHERE event_id = $1', [a.event_id, b.position]],
        ['UPDATE oversight_events SET position = $2 WHERE event_id = $1', [b.event_id, a.position]],
      ],
    );
    // Revision 3 now sits after revision 4 in global order: revision 4, at its new position, is named.
    expectBroken(
      result,
      { ...b, position: a.position },
      new RegExp(`global position ${a.position} is not after the previous event's ${b.position}`),
    );
  });

  it('with several streams tampered, names the first in the order verify walks them', async () => {
    const [earlier, later] = actionStreams();
    const result = await verifyAfter(
      'replica role',
      [earlier!.id, later!.id],
      [
        ["UPDATE oversight_events SET reason = 'Later stream edited' WHERE event_id = $1", [later!.rows[1]!.event_id]],
        [
          "UPDATE oversight_events SET reason = 'Earlier stream edited' WHERE event_id = $1",
          [earlier!.rows[4]!.event_id],
        ],
      ],
    );
    expectBroken(result, earlier!.rows[4]!, /the stored hash does not match/);
  });

  it('tampering with the plan, source and recommendation streams is found too', async () => {
    for (const stream of streams.filter((candidate) => !candidate.id.startsWith('action-'))) {
      const row = stream.rows[0]!;
      const result = await verifyAfter(
        'replica role',
        [stream.id],
        [[`UPDATE oversight_events SET data = data || '{"title":"Forged"}' WHERE event_id = $1`, [row.event_id]]],
      );
      expectBroken(result, row, /the stored hash does not match/);
    }
  });

  it('once every tampering is undone, the store verifies again', async () => {
    const result = await runOversight(['verify'], { DATABASE_URL: database.url });
    expect(result.code).toBe(0);
  });
});
