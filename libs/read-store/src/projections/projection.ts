import type { EventSummary, RecordedEvent } from '#event-store';

/** Runs SQL inside the projector's transaction. */
export type Sql = <Row = Record<string, unknown>>(text: string, params?: unknown[]) => Promise<Row[]>;

/**
 * A read model kept from the event stream. `apply` receives events in global order, each once:
 * the projector filters out what its checkpoint says is done and writes the checkpoint with the
 * rows, all or nothing. It reads and writes through `target`: the live tables or their rebuild
 * twins, in a transaction, or gathered into the live projector's one statement.
 */
export interface Projection {
  readonly name: string;
  /** The tables it owns, rebuilt aside and swapped in together. */
  readonly tables: readonly string[];
  apply(events: ProjectedEvent[], target: ProjectionTarget): Promise<void>;
}

/** What a projection reads its rows from and writes them to. */
export interface ProjectionTarget {
  /** Where to write: the live table, or its rebuild twin. */
  table(name: string): string;
  /**
   * The events table in the read models' database, or null when the events are elsewhere or the
   * writes are gathered (and then the events applied are always whole).
   */
  readonly eventsTable: string | null;
  /** The rows of `name` whose `key` is one of `keys`, as its last write left them (Dates for times). */
  rowsByKey<Row extends object>(name: string, key: string, keys: readonly string[]): Promise<Row[]>;
  /** Inserts rows into `name`, as putRowsStatement writes them: at once, or with the batch's other writes. */
  putRows(name: string, rows: readonly object[], conflict: OnConflict): Promise<void>;
  /** A statement run at once, in the batch's transaction (the rebuild's copy from the events table). */
  query: Sql;
  /**
   * A write other than rows put, taking `rows` as $1 (jsonb), in order with the puts: at once, or
   * with the batch's other writes. It may change rows in SQL that the live projector keeps in
   * memory, so those are dropped once it has run.
   */
  run(statement: string, rows: readonly object[]): Promise<void>;
}

/**
 * What an insert does with a row whose key is taken: fail (each event comes once), keep the row
 * there, or update it to the one given (every column but the key).
 */
export type OnConflict = { fail: true } | { keep: string | null } | { update: string };

/**
 * The insert of a set of rows (at least one), sent as one jsonb parameter ($1, `rows` here) and
 * laid out by jsonb_populate_recordset: one statement however many rows. An update on conflict
 * sets the rows' own columns.
 */
export function putRowsStatement(
  table: string,
  rows: readonly object[],
  conflict: OnConflict,
): { text: string; rows: string } {
  const insert = `INSERT INTO ${table} SELECT * FROM jsonb_populate_recordset(NULL::${table}, $1::jsonb)`;
  let text = insert;
  if ('keep' in conflict) text = `${insert} ON CONFLICT ${conflict.keep ? `(${conflict.keep}) ` : ''}DO NOTHING`;
  if ('update' in conflict) {
    const updated = Object.keys(rows[0]!).filter((column) => column !== conflict.update);
    text = `${insert} ON CONFLICT (${conflict.update}) DO UPDATE SET ${updated.map((column) => `${column} = EXCLUDED.${column}`).join(', ')}`;
  }
  return { text, rows: rowsParam(rows) };
}

/** The rows of `table` whose `key` is one of `keys` (at least one). */
export function rowsByKeySql(table: string, key: string): string {
  return `SELECT * FROM ${table} WHERE ${key} = ANY($1::text[])`;
}

/** A target that runs every statement at once through `sql` (a transaction's). */
export function statementTarget(
  sql: Sql,
  table: (name: string) => string = (name) => name,
  eventsTable: string | null = null,
): ProjectionTarget {
  return {
    table,
    eventsTable,
    query: sql,
    rowsByKey: <Row extends object>(name: string, key: string, keys: readonly string[]) =>
      keys.length === 0 ? Promise.resolve([] as Row[]) : sql<Row>(rowsByKeySql(table(name), key), [keys]),
    async putRows(name, rows, conflict) {
      if (rows.length === 0) return;
      const statement = putRowsStatement(table(name), rows, conflict);
      await sql(statement.text, [statement.rows]);
    },
    async run(statement, rows) {
      await sql(statement, [rowsParam(rows)]);
    },
  };
}

/**
 * What `apply` is given: whole events, or, in a rebuild when the events table is beside the read
 * models (ProjectionTarget.eventsTable), their summaries, which leave out only what a projection copies from that
 * table in SQL: who made each change and why.
 */
export type ProjectedEvent = RecordedEvent | EventSummary;

/** Whether the event came whole (with who made it and why), not as a summary. */
export function isWhole(event: ProjectedEvent): event is RecordedEvent {
  return 'hash' in event;
}

/** Rows as a JSON array, inserted in one statement through jsonb_populate_recordset. */
export function rowsParam(rows: readonly object[]): string {
  return JSON.stringify(rows);
}

/** Which kind of stream an event is on: `action-…` → 'action'. */
export function streamKind(streamId: string): string {
  const dash = streamId.indexOf('-');
  return dash < 0 ? streamId : streamId.slice(0, dash);
}
