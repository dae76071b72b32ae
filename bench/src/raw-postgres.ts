import pg from 'pg';
import { copyIn, copyTextChunks } from '../../libs/event-store/src/postgres/copy-in.js';
import { COPIED_COLUMNS } from '../../libs/event-store/src/postgres/postgres-appends.js';
import { closedLoop, now, type LoadResult } from './harness.js';

/**
 * The raw PostgreSQL figures each benchmark stands beside: single-row INSERT commits, COPY, and a
 * keyset read. They run on the benchmark's own fresh database, against a table made LIKE the
 * events table (the same columns, defaults, keys and indexes; none of its triggers), so the raw
 * figure pays the same index upkeep as the store does, and nothing else.
 */

/** The columns of oversight_events that an append writes (transaction_id comes from its default). */
export const EVENT_COLUMNS = COPIED_COLUMNS;

/** A twin of the events table, empty, with its own position sequence. */
export async function createRawEventsTable(pool: pg.Pool, name = 'raw_events'): Promise<string> {
  await pool.query(`DROP TABLE IF EXISTS ${name}`);
  await pool.query(`CREATE TABLE ${name} (LIKE oversight_events INCLUDING ALL)`);
  await pool.query(`DROP SEQUENCE IF EXISTS ${name}_position`);
  await pool.query(`CREATE SEQUENCE ${name}_position`);
  return name;
}

/** One event row as the store wrote it, as text for each column: the template raw inserts copy. */
export async function sampleEventRow(pool: pg.Pool, type: string): Promise<Record<string, string | null>> {
  const { rows } = await pool.query(
    `SELECT ${EVENT_COLUMNS.map((column) => `${column}::text AS ${column}`).join(', ')} FROM oversight_events WHERE type = $1 LIMIT 1`,
    [type],
  );
  if (!rows[0]) throw new Error(`No ${type} event to copy for the raw baseline`);
  return rows[0];
}

/** Revisions for raw rows: unique across every call in the run, as the table's unique index demands. */
let nextRevision = 1_000_000;

/**
 * Single-row INSERTs, each its own commit, from `clients` connections back to back for
 * `durationMs`: the least work a durable write can be. Rows copy `template` with a new position,
 * event id and revision, so every unique index is exercised as an append exercises it.
 */
export async function rawSingleRowInserts(
  url: string,
  table: string,
  template: Record<string, string | null>,
  clients: number,
  durationMs: number,
): Promise<LoadResult> {
  const pool = new pg.Pool({ connectionString: url, max: clients });
  pool.on('error', () => undefined);
  try {
    const columns = EVENT_COLUMNS.filter(
      (column) => column !== 'position' && column !== 'event_id' && column !== 'revision',
    );
    const text = `INSERT INTO ${table} (position, event_id, revision, ${columns.join(', ')})
                  VALUES (nextval('${table}_position'), gen_random_uuid(), $1, ${columns.map((_, n) => `$${n + 2}`).join(', ')})`;
    const values = columns.map((column) => template[column] ?? null);
    // Warm the connections so connecting is not timed.
    await Promise.all(Array.from({ length: clients }, () => pool.query('SELECT 1')));
    // A prepared statement, as the store's own single-event append is: the limit is what the
    // server does with the statement planned once a connection, not parsed again each time.
    const name = `raw_insert_${table}`;
    return await closedLoop(clients, durationMs, async () => {
      await pool.query({ name, text, values: [nextRevision++, ...values] });
    });
  } finally {
    await pool.end();
  }
}

/** COPYs the rows into `table` in one statement on one connection; rows per second. */
export async function rawCopy(
  url: string,
  table: string,
  rows: readonly Record<string, string | null>[],
): Promise<{ rows: number; seconds: number; perSecond: number }> {
  // The text is made before the clock starts: COPY's own work is the floor, not the client's.
  const chunks = copyTextChunks(rows.map((row) => EVENT_COLUMNS.map((column) => row[column] ?? null)));
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const start = now();
    const copied = await copyIn(client, table, EVENT_COLUMNS, chunks);
    const seconds = (now() - start) / 1000;
    return { rows: copied, seconds, perSecond: copied / seconds };
  } finally {
    await client.end();
  }
}

/** Every row of the events table, in position order, each column as text (for COPYing them again). */
export async function eventRowsAsText(pool: pg.Pool): Promise<Record<string, string | null>[]> {
  const { rows } = await pool.query(
    `SELECT ${EVENT_COLUMNS.map((column) => `${column}::text AS ${column}`).join(', ')} FROM oversight_events ORDER BY position`,
  );
  return rows;
}

/**
 * Reads the whole events table by keyset pages (`position > last ORDER BY position LIMIT n`),
 * every column, parsed by pg as the store's reads are: the floor under any full replay.
 */
export async function rawKeysetRead(
  url: string,
  table = 'oversight_events',
  pageSize = 2_000,
): Promise<{ rows: number; seconds: number; perSecond: number }> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    let after = 0;
    let rows = 0;
    const start = now();
    for (;;) {
      const page = await client.query(`SELECT * FROM ${table} WHERE position > $1 ORDER BY position LIMIT $2`, [
        after,
        pageSize,
      ]);
      if (page.rows.length === 0) break;
      rows += page.rows.length;
      after = Number(page.rows[page.rows.length - 1].position);
    }
    const seconds = (now() - start) / 1000;
    return { rows, seconds, perSecond: rows / seconds };
  } finally {
    await client.end();
  }
}
