import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { randomBytes } from 'node:crypto';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { createPool, hashEvent, linkOf, PostgresEventStore } from '#event-store';
import {
  actionRequest,
  planRequest,
  recommendationRequest,
  sourceRequest,
  updateRequest,
} from '../support/api-builders.js';
import { runOversight, startService } from '../support/programs.js';
import { freshDatabase, issueKeys, mustCall, SERVER_URL, type FreshDatabase } from './support/reliability.js';

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
    const head = Math.max(...streams.flatMap((stream) => stream.rows.map((row) => Number(row.position))));
    const commands = (await tamperer.query<{ count: string }>('SELECT count(*) FROM oversight_commands')).rows[0]!;
    expect({ code: result.code, stdout: result.stdout }).toEqual({
      code: 0,
      stdout:
        `OK: all ${count} events in ${streams.length} streams hold.\n` +
        `OK: the global chain holds: ${count} events sealed, up to position ${head}.\n` +
        `OK: all ${commands.count} commands recorded match their events.\n`,
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
          'UPDATE oversight_events SET revision = revision + 1000000, position = position + 1000000000 WHERE event_id = ANY($1)',
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
        [
          'UPDATE oversight_events SET position = position + 1000000000 WHERE event_id = ANY($1)',
          [[a.event_id, b.event_id]],
        ],
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

  it('a command recorded that its event does not bear out is named', async () => {
    const row = actionStreams()[0]!.rows[2]!;
    await tamperer.query(
      "INSERT INTO oversight_commands (command_id, stream_id, next_revision, position, recorded_at) VALUES ('forged-command', $1, $2, $3, now())",
      [row.stream_id, row.revision, row.position],
    );
    try {
      const result = await runOversight(['verify'], { DATABASE_URL: database.url });
      expect({ code: result.code, stdout: result.stdout }).toEqual({
        code: 1,
        stdout: expect.stringContaining(
          `COMMAND BROKEN: command forged-command names stream ${row.stream_id}, revision ${row.revision} at position ${row.position}, where stream ${row.stream_id}, revision ${row.revision} is (command none).\n`,
        ),
      });
    } finally {
      await tamperer.query('BEGIN');
      await tamperer.query('SET LOCAL session_replication_role = replica');
      await tamperer.query("DELETE FROM oversight_commands WHERE command_id = 'forged-command'");
      await tamperer.query('COMMIT');
    }
  });

  it('once every tampering is undone, the store verifies again', async () => {
    const result = await runOversight(['verify'], { DATABASE_URL: database.url });
    expect(result.code).toBe(0);
  });
});

/**
 * Two database roles, the global chain and signed checkpoints (issue 21): the event store's
 * migrations run as an owner role, the service as a role with INSERT and SELECT only, and the
 * service writes signed checkpoints outside the database. An attacker with the service's
 * credentials can change nothing; one with the owner's can switch the triggers off and rewrite
 * events, stream hashes and the chain itself, and is caught by the checkpoints, each change named.
 */
describe('reliability: two database roles, the global chain and signed checkpoints', () => {
  let database: FreshDatabase;
  let superuser: pg.Client;
  let owner: pg.Client;
  let service: pg.Client;
  let ownerStore: { store: PostgresEventStore; pool: pg.Pool };
  let work: string;
  const roles = { owner: '', service: '' };
  const urls = { owner: '', service: '' };
  let saved: { events: unknown[]; chain: unknown[] };
  /** Events in global order, as the service wrote them. */
  let rows: Row[];
  let lastCheckpoint: string;

  const roleUrl = (role: string) => {
    const url = new URL(database.url);
    url.username = role;
    url.password = '';
    return url.toString();
  };
  const checkpointDir = () => join(work, 'checkpoints');
  const publicKeyFile = () => join(work, 'auditor-public-key.pem');

  beforeAll(async () => {
    database = await freshDatabase('oversight_rel_roles');
    work = mkdtempSync(join(tmpdir(), 'oversight-roles-'));
    const suffix = randomBytes(4).toString('hex');
    roles.owner = `oversight_owner_${suffix}`;
    roles.service = `oversight_service_${suffix}`;
    superuser = new pg.Client({ connectionString: database.url });
    await superuser.connect();
    // As docs/operating.md ("Two database roles") sets them up.
    await superuser.query(`CREATE ROLE ${roles.owner} LOGIN; CREATE ROLE ${roles.service} LOGIN;
      GRANT CREATE ON SCHEMA public TO ${roles.owner}, ${roles.service};
      ALTER DEFAULT PRIVILEGES FOR ROLE ${roles.owner} IN SCHEMA public GRANT SELECT, INSERT ON TABLES TO ${roles.service};
      ALTER DEFAULT PRIVILEGES FOR ROLE ${roles.owner} IN SCHEMA public GRANT USAGE, UPDATE ON SEQUENCES TO ${roles.service};`);
    urls.owner = roleUrl(roles.owner);
    urls.service = roleUrl(roles.service);
    // The event store's migrations as the owner (the CLI given DATABASE_OWNER_URL); the service never holds it.
    const migrated = await runOversight(['verify'], { DATABASE_URL: urls.service, DATABASE_OWNER_URL: urls.owner });
    expect(migrated.code).toBe(0);
    const keys = await issueKeys(urls.service);
    const env = {
      DATABASE_URL: urls.service,
      LOG_LEVEL: 'log',
      CHECKPOINT_DIR: checkpointDir(),
      CHECKPOINT_EVERY_EVENTS: '4',
      CHECKPOINT_SIGNING_KEY_FILE: join(work, 'signing-key.pem'),
    };
    const running = await startService(env);
    try {
      const key = keys.manager.key;
      const post = (path: string, body: object, ifMatch?: number) =>
        mustCall(running.baseUrl, 'POST', path, ifMatch === undefined || /comments$/.test(path) ? 201 : 200, {
          key,
          body,
          headers: ifMatch === undefined ? {} : { 'If-Match': `"${ifMatch}"` },
        });
      const plan = await post('/plans', planRequest());
      const source = await post('/sources', sourceRequest());
      const recommendation = await post(`/sources/${source.id}/recommendations`, recommendationRequest());
      for (let index = 0; index < 3; index += 1) {
        const action = await post(
          '/actions',
          actionRequest(plan.id, source.id, { recommendationId: recommendation.id, ref: `R.${index}` }),
        );
        let revision = 0;
        for (const verb of ['comments', 'status', 'comments'] as const)
          revision = (
            await post(
              `/actions/${action.id}/${verb}`,
              updateRequest(verb, verb === 'comments' ? { text: `Comment ${index}.${revision + 1}` } : {}),
              revision,
            )
          ).revision;
      }
    } finally {
      await running.stop();
    }
    expect(running.output()).toMatch(/Signed checkpoints of the event store: every 4 events or 10 minutes/);
    expect(running.output()).toContain('-----BEGIN PUBLIC KEY-----');
    const printed = await runOversight(['checkpoints', 'public-key'], {
      CHECKPOINT_SIGNING_KEY_FILE: env.CHECKPOINT_SIGNING_KEY_FILE,
    });
    expect(printed.code).toBe(0);
    writeFileSync(publicKeyFile(), printed.stdout);

    owner = new pg.Client({ connectionString: urls.owner });
    service = new pg.Client({ connectionString: urls.service });
    await owner.connect();
    await service.connect();
    const pool = createPool({ connectionString: urls.owner, max: 1 });
    ownerStore = { pool, store: await PostgresEventStore.open(pool, { listen: false }) };
    rows = (
      await superuser.query<Row>(
        'SELECT stream_id, revision::text, event_id::text, position::text, type FROM oversight_events e ORDER BY e.position',
      )
    ).rows;
    saved = {
      events: (await superuser.query('SELECT * FROM oversight_events')).rows,
      chain: (await superuser.query('SELECT * FROM oversight_chain')).rows,
    };
    const files = readdirSync(checkpointDir()).filter((file) => file.endsWith('.json'));
    lastCheckpoint = files.sort().at(-1)!;
  });

  afterAll(async () => {
    await ownerStore?.store.close();
    await ownerStore?.pool.end();
    await owner?.end();
    await service?.end();
    await superuser?.end();
    await database?.drop();
    const admin = new pg.Client({ connectionString: SERVER_URL });
    await admin.connect();
    try {
      for (const role of [roles.service, roles.owner]) if (role) await admin.query(`DROP ROLE IF EXISTS ${role}`);
    } finally {
      await admin.end();
    }
    if (work) rmSync(work, { recursive: true, force: true });
  });

  const verify = (withCheckpoints: boolean) =>
    runOversight(
      ['verify', ...(withCheckpoints ? ['--checkpoints', checkpointDir(), '--public-key', publicKeyFile()] : [])],
      { DATABASE_URL: urls.service },
    );

  /** The owner's way past the triggers: its own tables' triggers switched off, in one transaction. */
  async function asOwner(statements: [string, unknown[]][]): Promise<void> {
    await owner.query('BEGIN');
    try {
      await owner.query('ALTER TABLE oversight_events DISABLE TRIGGER ALL');
      await owner.query('ALTER TABLE oversight_chain DISABLE TRIGGER ALL');
      for (const [text, params] of statements) await owner.query(text, params);
      await owner.query('ALTER TABLE oversight_events ENABLE TRIGGER ALL');
      await owner.query('ALTER TABLE oversight_chain ENABLE TRIGGER ALL');
      await owner.query('COMMIT');
    } catch (error) {
      await owner.query('ROLLBACK');
      throw error;
    }
  }

  /** As a thorough owner would: each event from `revision` on hashed again on its edited predecessors. */
  async function recomputeStreamHashes(streamId: string, revision: number): Promise<void> {
    const events = await ownerStore.store.readStream(streamId);
    const updates: [string, unknown[]][] = [];
    let previous = events[revision - 1]?.hash ?? null;
    for (const event of events.slice(revision)) {
      previous = hashEvent(event, previous);
      updates.push(['UPDATE oversight_events SET hash = $2 WHERE event_id = $1', [event.eventId, previous]]);
    }
    await asOwner(updates);
  }

  /** ...and the whole global chain recomputed over the events as they now stand. */
  async function rewriteChain(): Promise<void> {
    const events = (
      await owner.query<{ position: string; stream_id: string; revision: string; hash: string }>(
        'SELECT position, stream_id, revision, hash FROM oversight_events ORDER BY position',
      )
    ).rows;
    let previous: string | null = null;
    const links = events.map((event) => {
      const link = linkOf(
        {
          position: Number(event.position),
          streamId: event.stream_id,
          revision: Number(event.revision),
          hash: event.hash,
        },
        previous,
      );
      previous = link.linkHash;
      return link;
    });
    await asOwner([
      ['DELETE FROM oversight_chain', []],
      [
        `INSERT INTO oversight_chain (position, stream_id, revision, event_hash, previous_link_hash, link_hash)
         SELECT * FROM unnest($1::bigint[], $2::text[], $3::bigint[], $4::text[], $5::text[], $6::text[])`,
        [
          links.map((link) => link.position),
          links.map((link) => link.streamId),
          links.map((link) => link.revision),
          links.map((link) => link.eventHash),
          links.map((link) => link.previousLinkHash),
          links.map((link) => link.linkHash),
        ],
      ],
    ]);
  }

  /** Puts every event and link back as the service wrote them. */
  async function restore(): Promise<void> {
    await superuser.query('BEGIN');
    try {
      await superuser.query('SET LOCAL session_replication_role = replica');
      await superuser.query('DELETE FROM oversight_chain');
      await superuser.query('DELETE FROM oversight_events');
      await superuser.query(
        'INSERT INTO oversight_events SELECT * FROM json_populate_recordset(NULL::oversight_events, $1)',
        [JSON.stringify(saved.events)],
      );
      await superuser.query(
        'INSERT INTO oversight_chain SELECT * FROM json_populate_recordset(NULL::oversight_chain, $1)',
        [JSON.stringify(saved.chain)],
      );
      await superuser.query('COMMIT');
    } catch (error) {
      await superuser.query('ROLLBACK');
      throw error;
    }
  }

  const named = (row: Row) =>
    `stream ${row.stream_id}, revision ${row.revision} (event ${row.event_id}, position ${row.position})`;
  const streamRows = (streamId: string) => rows.filter((row) => row.stream_id === streamId);
  const actionIds = () => [
    ...new Set(rows.filter((row) => row.stream_id.startsWith('action-')).map((row) => row.stream_id)),
  ];

  it('the untouched store verifies: streams, the chain and every signed checkpoint', async () => {
    const result = await verify(true);
    const head = rows.at(-1)!.position;
    expect({ code: result.code, stdout: result.stdout }).toEqual({
      code: 0,
      stdout: expect.stringContaining(
        `OK: the global chain holds: ${rows.length} events sealed, up to position ${head}.\n`,
      ),
    });
    // Every 4 events, and the rest when the service stopped.
    expect(result.stdout).toContain(
      `OK: all ${Math.ceil(rows.length / 4)} signed checkpoints hold, up to position ${head}.\n`,
    );
  });

  it("the service's role can neither change nor remove anything, nor switch the guards off", async () => {
    const [first, second] = actionIds();
    const last = streamRows(first!).at(-1)!;
    const attempts = [
      // An edit, a forged hash, a reordering.
      [`UPDATE oversight_events SET data = '{}' WHERE event_id = '${last.event_id}'`, /permission denied/],
      [`UPDATE oversight_events SET hash = 'x' WHERE event_id = '${last.event_id}'`, /permission denied/],
      [`UPDATE oversight_events SET position = -position WHERE event_id = '${last.event_id}'`, /permission denied/],
      // A stream's last events, a whole stream, everything.
      [`DELETE FROM oversight_events WHERE event_id = '${last.event_id}'`, /permission denied/],
      [`DELETE FROM oversight_events WHERE stream_id = '${second}'`, /permission denied/],
      ['TRUNCATE oversight_events', /permission denied/],
      ['UPDATE oversight_chain SET link_hash = link_hash', /permission denied/],
      ['DELETE FROM oversight_chain', /permission denied/],
      ['TRUNCATE oversight_chain', /permission denied/],
      ['DELETE FROM oversight_commands', /permission denied/],
      ['TRUNCATE oversight_commands', /permission denied/],
      // The guards.
      ['ALTER TABLE oversight_events DISABLE TRIGGER ALL', /must be owner/],
      ['ALTER TABLE oversight_chain DISABLE TRIGGER ALL', /must be owner/],
      ['ALTER TABLE oversight_events DROP CONSTRAINT oversight_events_position_positive', /must be owner/],
      ['DROP TABLE oversight_chain', /must be owner/],
      ['DROP TABLE oversight_events CASCADE', /must be owner/],
      ['SET session_replication_role = replica', /permission denied/],
    ] as const;
    for (const [statement, refusal] of attempts)
      await expect(service.query(statement).then(() => statement)).rejects.toThrow(refusal);
    // The position check keeps a row out of sight of the global reads (and so of the chain) from being added.
    await expect(
      service.query(
        `INSERT INTO oversight_events SELECT 0, transaction_id, 'action-hidden', 0, gen_random_uuid(), type, schema_version,
           data, actor_id, actor_name, actor_role, recorded_at, effective_at, reason, NULL, correlation_id, causation_id,
           origin, hash FROM oversight_events WHERE event_id = '${last.event_id}'`,
      ),
    ).rejects.toThrow(/oversight_events_position_positive/);
    expect((await verify(true)).code).toBe(0);
  });

  describe("as the owner (the triggers switched off, the stream's hashes recomputed)", () => {
    afterEach(restore);

    it('an edited event is named by the chain; with the chain rewritten too, by the checkpoints', async () => {
      const edited = streamRows(actionIds()[1]!)[1]!;
      await asOwner([
        [`UPDATE oversight_events SET reason = 'A kinder reason' WHERE event_id = $1`, [edited.event_id]],
      ]);
      await recomputeStreamHashes(edited.stream_id, Number(edited.revision));
      const byChain = await verify(false);
      expect({ code: byChain.code, stdout: byChain.stdout }).toEqual({
        code: 1,
        stdout: expect.stringContaining(
          `CHAIN BROKEN: ${named(edited)}: the event's hash differs from the one sealed in the chain`,
        ),
      });
      expect(byChain.stdout).toMatch(/^OK: all \d+ events in \d+ streams hold\./);

      await rewriteChain();
      // The owner has beaten the database alone...
      expect((await verify(false)).code).toBe(0);
      // ...but not the signed checkpoints.
      const bySignature = await verify(true);
      expect({ code: bySignature.code, stdout: bySignature.stdout }).toEqual({
        code: 1,
        stdout: expect.stringContaining(
          `DIFFERS FROM CHECKPOINT: ${named(edited)}: the event differs from the one signed in checkpoint-`,
        ),
      });
    });

    it("a stream's last events deleted (and the chain rewritten) are named as that stream's missing tail", async () => {
      const stream = streamRows(actionIds()[0]!);
      const [kept, gone] = [stream.at(-3)!, stream.at(-2)!];
      await asOwner([
        ['DELETE FROM oversight_events WHERE stream_id = $1 AND revision > $2', [kept.stream_id, kept.revision]],
      ]);
      const byChain = await verify(false);
      expect(byChain.code).toBe(1);
      expect(byChain.stdout).toContain(
        `CHAIN BROKEN: stream ${gone.stream_id}, revision ${gone.revision} (position ${gone.position}): the event sealed in the chain at this position is gone`,
      );
      await rewriteChain();
      expect((await verify(false)).code).toBe(0);
      const bySignature = await verify(true);
      expect(bySignature.code).toBe(1);
      expect(bySignature.stdout).toContain(
        `DIFFERS FROM CHECKPOINT: stream ${gone.stream_id}, revision ${gone.revision} (position ${gone.position}): the event signed in checkpoint-`,
      );
      expect(bySignature.stdout).toMatch(
        new RegExp(
          `MISSING STREAM TAIL: ${kept.stream_id} ends at revision ${kept.revision}; checkpoint-\\d+\\.json signed it up to revision ${stream.at(-1)!.revision}\\.`,
        ),
      );
    });

    it('a whole stream deleted (and the chain rewritten) is named as a missing stream', async () => {
      const stream = streamRows(actionIds()[1]!);
      await asOwner([['DELETE FROM oversight_events WHERE stream_id = $1', [stream[0]!.stream_id]]]);
      await rewriteChain();
      expect((await verify(false)).code).toBe(0);
      const bySignature = await verify(true);
      expect(bySignature.code).toBe(1);
      expect(bySignature.stdout).toMatch(
        new RegExp(
          `MISSING STREAM: ${stream[0]!.stream_id} \\(signed up to revision ${stream.at(-1)!.revision} in checkpoint-\\d+\\.json\\) has no events in the store\\.`,
        ),
      );
    });

    it('the events and the chain truncated are named as a missing tail and every stream missing', async () => {
      await asOwner([['TRUNCATE oversight_events', []]]);
      const byChain = await verify(false);
      expect(byChain.code).toBe(1);
      expect(byChain.stdout).toContain(
        `MISSING TAIL: the ${rows.length} events sealed at positions ${rows[0]!.position} to ${rows.at(-1)!.position} are gone from the store.`,
      );
      await asOwner([['TRUNCATE oversight_chain', []]]);
      expect((await verify(false)).code).toBe(0);
      const bySignature = await verify(true);
      expect(bySignature.code).toBe(1);
      expect(bySignature.stdout).toMatch(
        new RegExp(
          `MISSING TAIL: the ${rows.length} events signed at positions ${rows[0]!.position} to ${rows.at(-1)!.position} \\(from checkpoint-\\d+\\.json\\) are gone from the store\\.`,
        ),
      );
      const streams = new Set(rows.map((row) => row.stream_id));
      expect(bySignature.stdout.match(/^MISSING STREAM: /gm)).toHaveLength(streams.size);
    });

    it('two events of different streams swapped in global order (the chain rewritten) are named where they now stand', async () => {
      // Neighbours in global order from two streams: each stream keeps its own order, so the stream chains hold.
      const index = rows.findIndex(
        (row, at) =>
          at > 0 &&
          row.stream_id.startsWith('action-') &&
          rows[at + 1]?.stream_id.startsWith('action-') &&
          rows[at + 1]!.stream_id !== row.stream_id,
      );
      const [a, b] = [rows[index]!, rows[index + 1]!];
      await asOwner([
        [
          'UPDATE oversight_events SET position = position + 1000000000 WHERE event_id = ANY($1)',
          [[a.event_id, b.event_id]],
        ],
        ['UPDATE oversight_events SET position = $2 WHERE event_id = $1', [a.event_id, b.position]],
        ['UPDATE oversight_events SET position = $2 WHERE event_id = $1', [b.event_id, a.position]],
      ]);
      const byChain = await verify(false);
      expect(byChain.code).toBe(1);
      expect(byChain.stdout).toContain(
        `CHAIN BROKEN: ${named({ ...b, position: a.position })}: the chain sealed stream ${a.stream_id}, revision ${a.revision} at this position`,
      );
      await rewriteChain();
      expect((await verify(false)).code).toBe(0);
      const bySignature = await verify(true);
      expect(bySignature.code).toBe(1);
      expect(bySignature.stdout).toMatch(
        new RegExp(
          `DIFFERS FROM CHECKPOINT: ${named({ ...b, position: a.position }).replace(/[()]/g, '\\$&')}: checkpoint-\\d+\\.json signed stream ${a.stream_id}, revision ${a.revision} at this position`,
        ),
      );
    });

    it('a checkpoint file altered, or one removed, is named; the store restored verifies again', async () => {
      const path = join(checkpointDir(), lastCheckpoint);
      const original = readFileSync(path, 'utf8');
      const altered = JSON.parse(original) as { events: number };
      altered.events += 1;
      const forgedDir = join(work, 'forged');
      cpSync(checkpointDir(), forgedDir, { recursive: true });
      writeFileSync(join(forgedDir, lastCheckpoint), JSON.stringify(altered));
      const files = readdirSync(forgedDir)
        .filter((file) => file.endsWith('.json'))
        .sort();
      rmSync(join(forgedDir, files[0]!));
      const result = await runOversight(['verify', '--checkpoints', forgedDir, '--public-key', publicKeyFile()], {
        DATABASE_URL: urls.service,
      });
      expect(result.code).toBe(1);
      expect(result.stdout).toContain(
        `CHECKPOINT BROKEN: ${lastCheckpoint}: its signature does not hold with this public key: forged or altered`,
      );
      expect(result.stdout).toContain(`CHECKPOINT BROKEN: ${files[1]}: follows the checkpoint at position`);
      expect((await verify(true)).code).toBe(0);
    });
  });
});
