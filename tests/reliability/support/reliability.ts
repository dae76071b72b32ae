import { loadConfig } from '#config';
import { connectEventStore, createPool } from '#event-store';
import { ROLES, type Role } from '#read-store';
import { createTestDatabase } from '../../../libs/event-store/src/testing/test-databases.js';
import { runNode, runOversight } from '../../support/programs.js';

/**
 * What the reliability specs share: fresh databases on the PostgreSQL server, keys for a service
 * started as a process, a plain HTTP client that never throws on a status, and the read models
 * rebuilt apart from the live ones to compare with them.
 */

/** The server the suite runs on: DATABASE_URL (CI: a fresh database of it), else the local one. */
export const SERVER_URL = process.env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/postgres';

/** Where `SERVER_URL` listens, for a proxy in front of it. */
export const serverAddress = (): { host: string; port: number } => {
  const url = new URL(SERVER_URL);
  return { host: url.hostname || '127.0.0.1', port: Number(url.port || 5432) };
};

export type Sql = <Row = any>(text: string, params?: unknown[]) => Promise<Row[]>;

/** A fresh database, with a small pool of its own for inspecting and tampering. */
export interface FreshDatabase {
  url: string;
  sql: Sql;
  drop(): Promise<void>;
}

export async function freshDatabase(prefix = 'oversight_rel'): Promise<FreshDatabase> {
  const database = await createTestDatabase(SERVER_URL, prefix);
  const pool = createPool({ connectionString: database.url, max: 3 });
  return {
    url: database.url,
    sql: async (text, params) => (await pool.query(text, params as unknown[])).rows,
    async drop() {
      await pool.end();
      await database.drop();
    },
  };
}

/** A live key per role, made with `oversight keys create` (which also creates the read database's schema). */
export async function issueKeys(databaseUrl: string): Promise<Record<Role, { id: string; key: string }>> {
  const keys = {} as Record<Role, { id: string; key: string }>;
  for (const role of ROLES) {
    const result = await runOversight(['keys', 'create', '--name', `reliability ${role}`, '--role', role], {
      DATABASE_URL: databaseUrl,
    });
    const match = /key ([0-9a-f]{32}) for [\s\S]*\n(ovk_\S+)/.exec(result.stdout);
    if (result.code !== 0 || !match)
      throw new Error(`oversight keys create failed (${result.code}): ${result.stdout}${result.stderr}`);
    keys[role] = { id: match[1]!, key: match[2]! };
  }
  return keys;
}

// ---------------------------------------------------------------- HTTP to a service process

export interface Reply {
  status: number;
  headers: Headers;
  body: any;
}

/** What became of a request: an answer, or none (the connection failed, or the timeout passed). */
export type Outcome = { answered: true; reply: Reply } | { answered: false; error: string };

export interface CallOptions {
  key?: string;
  body?: unknown;
  headers?: Record<string, string>;
  timeoutMs?: number;
}

export async function call(
  baseUrl: string,
  method: 'GET' | 'POST',
  path: string,
  options: CallOptions = {},
): Promise<Outcome> {
  const headers: Record<string, string> = { ...options.headers };
  if (options.key) headers.Authorization = `Bearer ${options.key}`;
  if (options.body !== undefined) headers['Content-Type'] = 'application/json';
  try {
    const response = await fetch(`${baseUrl}${path}`, {
      method,
      headers,
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
      signal: AbortSignal.timeout(options.timeoutMs ?? 15_000),
    });
    const text = await response.text();
    let body: unknown = text;
    try {
      body = text ? JSON.parse(text) : null;
    } catch {
      // not JSON: keep the text
    }
    return { answered: true, reply: { status: response.status, headers: response.headers, body } };
  } catch (error) {
    const cause = (error as { cause?: { code?: string } }).cause;
    return {
      answered: false,
      error: `${(error as Error).name}: ${(error as Error).message}${cause?.code ? ` (${cause.code})` : ''}`,
    };
  }
}

/** Like `call`, for set-up steps that must succeed with `status`. */
export async function mustCall(
  baseUrl: string,
  method: 'GET' | 'POST',
  path: string,
  status: number,
  options: CallOptions = {},
): Promise<any> {
  const outcome = await call(baseUrl, method, path, options);
  if (!outcome.answered) throw new Error(`${method} ${path}: no answer: ${outcome.error}`);
  if (outcome.reply.status !== status)
    throw new Error(
      `${method} ${path} answered ${outcome.reply.status}, not ${status}: ${JSON.stringify(outcome.reply.body)}`,
    );
  return outcome.reply.body;
}

export async function waitUntil(
  what: string,
  check: () => Promise<boolean>,
  timeoutMs = 30_000,
  everyMs = 100,
): Promise<number> {
  const started = Date.now();
  for (;;) {
    if (await check().catch(() => false)) return Date.now() - started;
    if (Date.now() - started > timeoutMs) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
}

// ---------------------------------------------------------------- the store, in SQL

/** The store's last global position and event count. */
export async function storeHead(sql: Sql): Promise<{ position: number; count: number }> {
  const [row] = await sql<{ position: string | null; count: string }>(
    'SELECT max(position) AS position, count(*) AS count FROM oversight_events',
  );
  return { position: Number(row!.position ?? 0), count: Number(row!.count) };
}

/** The events after `position`: how many, the command ids they carry, the last position and the types. */
export async function appendedAfter(
  sql: Sql,
  position: number,
): Promise<{ count: number; commandIds: (string | null)[]; lastPosition: number | null; types: string[] }> {
  const rows = await sql<{ command_id: string | null; position: string; type: string }>(
    'SELECT command_id, position, type FROM oversight_events WHERE position > $1 ORDER BY position',
    [position],
  );
  return {
    count: rows.length,
    commandIds: [...new Set(rows.map((row) => row.command_id))],
    lastPosition: rows.length === 0 ? null : Number(rows.at(-1)!.position),
    types: rows.map((row) => row.type),
  };
}

/** How many projections keep checkpoints (audit-log, current-state). */
const PROJECTIONS = 2;

/** Waits until every projection's checkpoint has reached the store's last position. */
export async function waitForProjections(sql: Sql, timeoutMs = 60_000): Promise<number> {
  const { position } = await storeHead(sql);
  await waitUntil(
    `the read models to reach position ${position}`,
    async () => {
      const rows = await sql<{ position: string }>('SELECT position FROM rm_checkpoints');
      return rows.length >= PROJECTIONS && rows.every((row) => Number(row.position) >= position);
    },
    timeoutMs,
  );
  return position;
}

// ---------------------------------------------------------------- read models, live and rebuilt

/** The read-model tables and the key that orders their rows. */
export const READ_MODEL_TABLES: Record<string, string> = {
  rm_actions: 'action_id',
  rm_plans: 'plan_id',
  rm_sources: 'source_id',
  rm_recommendations: 'recommendation_id',
  rm_audit_log: 'position',
  rm_audit_streams: 'stream_id',
};

/** Every read-model row, per table, in key order (as JSON, so values compare exactly). */
export async function readModelRows(sql: Sql): Promise<Record<string, unknown[]>> {
  const tables: Record<string, unknown[]> = {};
  for (const [table, key] of Object.entries(READ_MODEL_TABLES)) {
    tables[table] = (await sql<{ row: unknown }>(`SELECT to_jsonb(t) AS row FROM ${table} t ORDER BY ${key}`)).map(
      (row) => row.row,
    );
  }
  const checkpoints = await sql<{ projection: string; position: string }>(
    'SELECT projection, position FROM rm_checkpoints ORDER BY projection',
  );
  tables.rm_checkpoints = checkpoints.map((row) => ({ projection: row.projection, position: Number(row.position) }));
  return tables;
}

/**
 * The read models projected again from every event in the store at `storeUrl`, into a fresh
 * database apart from the live ones (the caller drops it), by the built projections the service
 * runs (`rebuild-read-models.mjs`, through the projector's own `applyBatch`).
 *
 * Independent of `oversight rebuild` (which rebuilds beside the live tables and swaps them in):
 * the crash spec checks both.
 */
export async function rebuildReadModels(storeUrl: string): Promise<FreshDatabase> {
  const target = await freshDatabase('oversight_rebuild');
  const result = await runNode(['tests/reliability/support/rebuild-read-models.mjs', storeUrl, target.url]);
  if (result.code !== 0) {
    await target.drop();
    throw new Error(`Rebuilding the read models failed (${result.code}):\n${result.stdout}${result.stderr}`);
  }
  return target;
}

/** A seed for a randomised spec: RELIABILITY_SEED to replay a failure, else a new one (printed). */
export function seedFor(spec: string): number {
  const given = process.env.RELIABILITY_SEED;
  const seed = given ? Number(given) : Math.floor(Math.random() * 2 ** 31);
  process.stdout.write(`${spec}: seed ${seed} (replay with RELIABILITY_SEED=${seed})\n`);
  return seed;
}

/** A small deterministic generator, so a seed replays the same run. */
export { seededRandom as randomFrom } from '../../../libs/domain/src/testing/index.js';

/**
 * Each stored event's data as the service reads it (sealed personal words opened with the same
 * key-encryption key, from the configuration this process shares with the service it started).
 */
export async function openedData(
  storeUrl: string,
  events: { stream_id: string; revision: string | number }[],
): Promise<Record<string, unknown>[]> {
  const config = loadConfig({ ...process.env, DATABASE_URL: storeUrl });
  const connected = await connectEventStore({ ...config.eventStore, dataDir: config.dataDir, poolSize: 2 });
  try {
    const opened: Record<string, unknown>[] = [];
    for (const event of events) {
      const [read] = await connected.store.readStream(event.stream_id, {
        fromRevision: Number(event.revision),
        maxCount: 1,
      });
      opened.push(read!.data);
    }
    return opened;
  } finally {
    await connected.close();
  }
}
