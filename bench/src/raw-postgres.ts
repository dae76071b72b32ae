import { once } from 'node:events';
import pg from 'pg';
import { closedLoop, now, type LoadResult } from './harness.js';

/**
 * The raw PostgreSQL figures each benchmark stands beside: single-row INSERT commits, COPY, and a
 * keyset read. They run on the benchmark's own fresh database, against a table made LIKE the
 * events table (the same columns, defaults, keys and indexes; none of its triggers), so the raw
 * figure pays the same index upkeep as the store does, and nothing else.
 */

/** The columns of oversight_events that an append writes (transaction_id comes from its default). */
export const EVENT_COLUMNS = [
  'position', 'stream_id', 'revision', 'event_id', 'type', 'schema_version', 'data', 'actor_id', 'actor_name', 'actor_role',
  'recorded_at', 'effective_at', 'reason', 'command_id', 'correlation_id', 'causation_id', 'origin', 'hash',
] as const;

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
  const { rows } = await pool.query(`SELECT ${EVENT_COLUMNS.map((column) => `${column}::text AS ${column}`).join(', ')} FROM oversight_events WHERE type = $1 LIMIT 1`, [type]);
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
export async function rawSingleRowInserts(url: string, table: string, template: Record<string, string | null>, clients: number, durationMs: number): Promise<LoadResult> {
  const pool = new pg.Pool({ connectionString: url, max: clients });
  pool.on('error', () => undefined);
  try {
    const columns = EVENT_COLUMNS.filter((column) => column !== 'position' && column !== 'event_id' && column !== 'revision');
    const text = `INSERT INTO ${table} (position, event_id, revision, ${columns.join(', ')})
                  VALUES (nextval('${table}_position'), gen_random_uuid(), $1, ${columns.map((_, n) => `$${n + 2}`).join(', ')})`;
    const values = columns.map((column) => template[column] ?? null);
    // Warm the connections so connecting is not timed.
    await Promise.all(Array.from({ length: clients }, () => pool.query('SELECT 1')));
    return await closedLoop(clients, durationMs, async () => {
      await pool.query(text, [nextRevision++, ...values]);
    });
  } finally {
    await pool.end();
  }
}

/** Text-format COPY rows of the given event rows (each column already text, or null). */
export function copyText(rows: readonly Record<string, string | null>[]): Buffer[] {
  const escape = (value: string | null) => (value === null ? '\\N' : value.replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\n/g, '\\n').replace(/\r/g, '\\r'));
  const chunks: Buffer[] = [];
  let lines: string[] = [];
  let size = 0;
  for (const row of rows) {
    const line = `${EVENT_COLUMNS.map((column) => escape(row[column] ?? null)).join('\t')}\n`;
    lines.push(line);
    size += line.length;
    if (size >= 256 * 1024) {
      chunks.push(Buffer.from(lines.join('')));
      lines = [];
      size = 0;
    }
  }
  if (lines.length > 0) chunks.push(Buffer.from(lines.join('')));
  return chunks;
}

/**
 * `COPY … FROM STDIN` through pg's submittable interface (what pg-copy-streams does, without the
 * dependency): sends the chunks as CopyData messages, respecting the socket's backpressure.
 */
class CopyIn {
  private error: Error | null = null;
  rowCount = 0;
  readonly done: Promise<number>;
  private settle!: { resolve: (rows: number) => void; reject: (error: Error) => void };

  constructor(
    readonly text: string,
    private readonly chunks: readonly Buffer[],
  ) {
    this.done = new Promise((resolve, reject) => (this.settle = { resolve, reject }));
  }

  submit(connection: { query(text: string): void }): void {
    connection.query(this.text);
  }

  handleCopyInResponse(connection: { sendCopyFromChunk(chunk: Buffer): void; endCopyFrom(): void; stream: NodeJS.WritableStream & { writableNeedDrain?: boolean } }): void {
    void (async () => {
      for (const chunk of this.chunks) {
        connection.sendCopyFromChunk(chunk);
        if (connection.stream.writableNeedDrain) await once(connection.stream, 'drain');
      }
      connection.endCopyFrom();
    })();
  }

  handleCommandComplete(message: { text?: string }): void {
    this.rowCount = Number(message.text?.split(' ').pop() ?? 0);
  }

  handleError(error: Error): void {
    this.error = error;
  }

  handleReadyForQuery(): void {
    if (this.error) this.settle.reject(this.error);
    else this.settle.resolve(this.rowCount);
  }

  handleRowDescription(): void {}
  handleDataRow(): void {}
  handleEmptyQuery(): void {}
  handlePortalSuspended(): void {}
  handleCopyData(): void {}
}

/** COPYs the rows into `table` in one statement on one connection; rows per second. */
export async function rawCopy(url: string, table: string, rows: readonly Record<string, string | null>[]): Promise<{ rows: number; seconds: number; perSecond: number }> {
  const chunks = copyText(rows);
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const copy = new CopyIn(`COPY ${table} (${EVENT_COLUMNS.join(', ')}) FROM STDIN`, chunks);
    const start = now();
    void client.query(copy as unknown as pg.QueryConfig);
    const copied = await copy.done;
    const seconds = (now() - start) / 1000;
    return { rows: copied, seconds, perSecond: copied / seconds };
  } finally {
    await client.end();
  }
}

/** Every row of the events table, in position order, each column as text (for COPYing them again). */
export async function eventRowsAsText(pool: pg.Pool): Promise<Record<string, string | null>[]> {
  const { rows } = await pool.query(`SELECT ${EVENT_COLUMNS.map((column) => `${column}::text AS ${column}`).join(', ')} FROM oversight_events ORDER BY position`);
  return rows;
}

/**
 * Reads the whole events table by keyset pages (`position > last ORDER BY position LIMIT n`),
 * every column, parsed by pg as the store's reads are: the floor under any full replay.
 */
export async function rawKeysetRead(url: string, table = 'oversight_events', pageSize = 2_000): Promise<{ rows: number; seconds: number; perSecond: number }> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    let after = 0;
    let rows = 0;
    const start = now();
    for (;;) {
      const page = await client.query(`SELECT * FROM ${table} WHERE position > $1 ORDER BY position LIMIT $2`, [after, pageSize]);
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
