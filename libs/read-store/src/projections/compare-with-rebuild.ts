import { randomBytes } from 'node:crypto';
import type { DataSource } from 'typeorm';
import type { EventStore, ReadAllOptions, ReadAllPage } from '#event-store';
import { statementTarget, type ProjectedEvent, type Projection, type Sql } from './projection.js';
import { sqlOf } from './projector.js';
import { eventsTableBeside } from './rebuild.js';

/** Events read from the store at a time. */
const PAGE_SIZE = 5_000;
/** Rounds of catching up with a live projector before giving up (the embedded store's only way). */
const MAX_ROUNDS = 100;

/**
 * Tables outside the projections that the projections' SQL writes by name (`oversight_erase`):
 * an empty copy of each is made aside, so nothing a comparison runs can reach the live ones.
 */
const WRITTEN_BY_NAME = ['oversight_idempotency_records', 'oversight_data_keys'];

/** A row that is not the same live and rebuilt. */
export interface RowDifference {
  /** The row's primary key, as `column=value` pairs. */
  key: string;
  /** `missing`: the rebuild has the row, the live table not; `extra`: the live table has a row the rebuild has not. */
  kind: 'changed' | 'missing' | 'extra';
  /** For a changed row, each column that differs. */
  columns: { column: string; live: unknown; rebuilt: unknown }[];
}

export interface TableComparison {
  table: string;
  /** Rows in the live table. */
  rows: number;
  changed: number;
  missing: number;
  extra: number;
  /** The first differences, in primary-key order. */
  first: RowDifference[];
}

export interface ProjectionComparison {
  projection: string;
  /** The live checkpoint both sides were compared at. */
  position: number;
  tables: TableComparison[];
}

export const isEqual = (comparison: ProjectionComparison) =>
  comparison.tables.every((table) => table.changed + table.missing + table.extra === 0);

const quoted = (name: string) => `"${name.replaceAll('"', '""')}"`;

/** The primary key's columns of a table in `schema`, in the key's order. */
async function primaryKeyOf(sql: Sql, schema: string, table: string): Promise<string[]> {
  const rows = await sql<{ column: string }>(
    `SELECT a.attname AS column
       FROM pg_index i JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY(i.indkey)
      WHERE i.indrelid = to_regclass($1) AND i.indisprimary
      ORDER BY array_position(i.indkey::int2[], a.attnum)`,
    [`${quoted(schema)}.${quoted(table)}`],
  );
  if (rows.length === 0) throw new Error(`${table} has no primary key to compare its rows by`);
  return rows.map((row) => row.column);
}

/**
 * Compares one table live and aside, row by row by primary key, as JSON (so jsonb's key order and
 * a json column compare by value).
 */
async function compareTable(
  sql: Sql,
  live: string,
  aside: string,
  table: string,
  firstDifferences: number,
): Promise<TableComparison> {
  const key = await primaryKeyOf(sql, live, table);
  const from = `${quoted(live)}.${quoted(table)} l FULL JOIN ${quoted(aside)}.${quoted(table)} r ON ${key
    .map((column) => `l.${quoted(column)} = r.${quoted(column)}`)
    .join(' AND ')}`;
  const differs = 'to_jsonb(l) IS DISTINCT FROM to_jsonb(r)';
  // A key column is never null in a row that is there (`l IS NULL` would ask it of every column).
  const first = quoted(key[0]!);
  const [counts] = await sql<{ rows: string; changed: string; missing: string; extra: string }>(
    `SELECT (SELECT count(*) FROM ${quoted(live)}.${quoted(table)}) AS rows,
            count(*) FILTER (WHERE l.${first} IS NOT NULL AND r.${first} IS NOT NULL) AS changed,
            count(*) FILTER (WHERE l.${first} IS NULL) AS missing,
            count(*) FILTER (WHERE r.${first} IS NULL) AS extra
       FROM ${from} WHERE ${differs}`,
  );
  const firstRows = await sql<{ live: Record<string, unknown> | null; rebuilt: Record<string, unknown> | null }>(
    `SELECT to_jsonb(l) AS live, to_jsonb(r) AS rebuilt FROM ${from} WHERE ${differs}
      ORDER BY ${key.map((column) => `coalesce(l.${quoted(column)}, r.${quoted(column)})`).join(', ')} LIMIT $1`,
    [firstDifferences],
  );
  return {
    table,
    rows: Number(counts!.rows),
    changed: Number(counts!.changed),
    missing: Number(counts!.missing),
    extra: Number(counts!.extra),
    first: firstRows.map((row) => rowDifference(key, row.live, row.rebuilt)),
  };
}

function rowDifference(
  key: string[],
  live: Record<string, unknown> | null,
  rebuilt: Record<string, unknown> | null,
): RowDifference {
  const either = (live ?? rebuilt)!;
  const keyText = key.map((column) => `${column}=${String(either[column])}`).join(', ');
  if (!live) return { key: keyText, kind: 'missing', columns: [] };
  if (!rebuilt) return { key: keyText, kind: 'extra', columns: [] };
  const columns = Object.keys(live)
    .filter((column) => JSON.stringify(live[column]) !== JSON.stringify(rebuilt[column]))
    .map((column) => ({ column, live: live[column], rebuilt: rebuilt[column] }));
  return { key: keyText, kind: 'changed', columns };
}

/** A projection's live checkpoint (0 before its first batch). */
async function checkpointOf(sql: Sql, projection: string): Promise<number> {
  const [row] = await sql<{ position: string }>('SELECT position FROM rm_checkpoints WHERE projection = $1', [
    projection,
  ]);
  return row ? Number(row.position) : 0;
}

/**
 * Rebuilds every projection given from the event store into a schema of its own (`oversight_verify_…`,
 * in the read database, dropped afterwards whatever happens), each up to its live checkpoint, and
 * compares every table of it with the live one, row by row by primary key. Each comparison runs in
 * one REPEATABLE READ snapshot in which the live checkpoint is read again: the projector writes
 * its rows and its checkpoint in one transaction, so the live tables seen are exactly those at
 * that position, and a projector running beside it makes no false difference. When it has moved on
 * since the aside was built, the events between are applied aside inside the snapshot (on a
 * server, where the store has connections of its own); on the embedded store's one connection the
 * snapshot is let go, the aside caught up and the comparison tried again.
 *
 * A schema, not `<table>_rebuild` twins: nothing of `oversight rebuild`'s is touched, and the
 * projections' own SQL (`oversight_erase`, which names its tables) runs with the aside schema
 * first in its search path, so it reaches only the aside copies. PostgreSQL and PGlite both have
 * schemas; a scratch database would not exist on the embedded store.
 */
export async function compareWithRebuild(
  store: EventStore,
  db: DataSource,
  projections: readonly Projection[],
  { firstDifferences = 5, pageSize = PAGE_SIZE }: { firstDifferences?: number; pageSize?: number } = {},
): Promise<ProjectionComparison[]> {
  const aside = `oversight_verify_${randomBytes(6).toString('hex')}`;
  const [{ live } = { live: 'public' }] = await db.query<{ live: string }[]>('SELECT current_schema() AS live');
  const eventsTable = await eventsTableBeside(store, db);
  const readPage = (options: ReadAllOptions): Promise<ReadAllPage<ProjectedEvent>> =>
    eventsTable && store.readAllSummaries ? store.readAllSummaries(options) : store.readAll(options);
  const reached = new Map(projections.map((projection) => [projection, 0]));

  /** In a transaction: the aside schema first, so SQL naming a table reaches its aside copy. */
  const asideFirst = (sql: Sql) => sql(`SET LOCAL search_path TO ${quoted(aside)}, ${quoted(live)}`);
  const target = (sql: Sql) => statementTarget(sql, (name) => `${quoted(aside)}.${quoted(name)}`, eventsTable);

  /** Applies aside to `projection` the events after where it has reached up to `upTo`, each page in `inTransaction`. */
  const catchUp = async (
    projection: Projection,
    upTo: number,
    inTransaction: <T>(work: (sql: Sql) => Promise<T>) => Promise<T>,
  ) => {
    let position = reached.get(projection)!;
    while (position < upTo) {
      const page = await readPage({ after: position, maxCount: pageSize });
      const events = page.events.filter((event) => event.position <= upTo);
      if (events.length === 0)
        throw new Error(`The store ends at ${position}, before ${projection.name}'s live checkpoint ${upTo}`);
      await inTransaction(async (sql) => {
        await asideFirst(sql);
        await projection.apply(events, target(sql));
      });
      position = events[events.length - 1]!.position;
      reached.set(projection, position);
    }
  };
  const ownTransaction = <T>(work: (sql: Sql) => Promise<T>) => db.transaction((manager) => work(sqlOf(manager)));

  try {
    await db.transaction(async (manager) => {
      const sql = sqlOf(manager);
      await sql(`CREATE SCHEMA ${quoted(aside)}`).catch(async (error: { code?: string }) => {
        if (error.code !== '42501') throw error;
        const [who] = await db.query<{ role: string; database: string }[]>(
          'SELECT current_user AS role, current_database() AS database',
        );
        throw new Error(
          `The read models are rebuilt aside in a schema of their own, which ${who?.role} may not create: ` +
            `GRANT CREATE ON DATABASE ${who?.database} TO ${who?.role} (see docs/operating.md)`,
        );
      });
      const tables = [...projections.flatMap((projection) => projection.tables), ...WRITTEN_BY_NAME];
      for (const table of tables) {
        const [present] = await sql<{ present: boolean }>('SELECT to_regclass($1) IS NOT NULL AS present', [
          `${quoted(live)}.${quoted(table)}`,
        ]);
        if (present?.present)
          await sql(
            `CREATE TABLE ${quoted(aside)}.${quoted(table)} (LIKE ${quoted(live)}.${quoted(table)} INCLUDING ALL)`,
          );
      }
    });
    const results: ProjectionComparison[] = [];
    for (const projection of projections) {
      let compared: ProjectionComparison | null = null;
      for (let round = 0; !compared && round < MAX_ROUNDS; round++) {
        await catchUp(
          projection,
          await checkpointOf((text, params) => db.query(text, params), projection.name),
          ownTransaction,
        );
        compared = await db.transaction('REPEATABLE READ', async (manager) => {
          const sql = sqlOf(manager);
          const position = await checkpointOf(sql, projection.name);
          if (position > reached.get(projection)!) {
            if (store.backend === 'embedded') return null; // the one connection is this transaction's
            await catchUp(projection, position, (work) => work(sql));
          }
          const tables: TableComparison[] = [];
          for (const table of projection.tables)
            tables.push(await compareTable(sql, live, aside, table, firstDifferences));
          return { projection: projection.name, position, tables };
        });
      }
      if (!compared)
        throw new Error(
          `Comparing ${projection.name}: the live projector kept ahead for ${MAX_ROUNDS} rounds; try again`,
        );
      results.push(compared);
    }
    return results;
  } finally {
    await db.query(`DROP SCHEMA IF EXISTS ${quoted(aside)} CASCADE`);
  }
}
