import {
  putRowsStatement,
  rowsByKeySql,
  rowsParam,
  type OnConflict,
  type ProjectionTarget,
  type Sql,
} from './projection.js';

/**
 * Rows the live projector last wrote or read, by table and key, so that its next batch need not
 * read them again. They are only as good as the checkpoints they were kept at: the projector
 * clears them whenever a batch finds a checkpoint moved by another writer, or fails.
 * The least recently used go first past `limit` a table.
 */
export class KeptRows {
  private readonly tables = new Map<string, Map<string, object>>();

  constructor(private readonly limit: number) {}

  get(table: string, key: string): object | undefined {
    const rows = this.tables.get(table);
    const row = rows?.get(key);
    if (row) {
      rows!.delete(key);
      rows!.set(key, row);
    }
    return row;
  }

  set(table: string, key: string, row: object): void {
    let rows = this.tables.get(table);
    if (!rows) this.tables.set(table, (rows = new Map()));
    rows.delete(key);
    rows.set(key, row);
    if (rows.size > this.limit) rows.delete(rows.keys().next().value!);
  }

  clear(): void {
    this.tables.clear();
  }
}

/**
 * A live batch's writes gathered for oversight_project_batch, which runs them in one statement
 * after checking that every checkpoint is still where this projector left it (see its migration).
 * Reads are answered from the kept rows, and only the keys missing there are read from the
 * tables, before the statement; the checkpoint check is what makes both still true when it runs.
 * A row written with an update on conflict is then what the table holds, and is kept once the
 * statement has committed it.
 */
export class GatheredBatch implements ProjectionTarget {
  /** Whole events only: the audit log's copy from the events table reads as it writes. */
  readonly eventsTable = null;
  private readonly statements: string[] = [];
  private readonly rowSets: string[] = [];
  private readonly written: { table: string; key: string; rows: readonly object[] }[] = [];
  /** Whether a statement of its own changes rows in SQL: then nothing kept can be trusted. */
  private changesInSql = false;

  constructor(
    private readonly kept: KeptRows,
    private readonly sql: Sql,
  ) {}

  table(name: string): string {
    return name;
  }

  async rowsByKey<Row extends object>(name: string, key: string, keys: readonly string[]): Promise<Row[]> {
    const found: Row[] = [];
    const missing: string[] = [];
    for (const value of keys) {
      const row = this.kept.get(name, value);
      if (row) found.push(row as Row);
      else missing.push(value);
    }
    if (missing.length === 0) return found;
    const read = await this.sql<Row>(rowsByKeySql(name, key), [missing]);
    for (const row of read) this.kept.set(name, (row as Record<string, string>)[key]!, row);
    return [...found, ...read];
  }

  async putRows(name: string, rows: readonly object[], conflict: OnConflict): Promise<void> {
    if (rows.length === 0) return;
    const statement = putRowsStatement(name, rows, conflict);
    this.statements.push(statement.text);
    this.rowSets.push(statement.rows);
    if ('update' in conflict) this.written.push({ table: name, key: conflict.update, rows });
  }

  async run(statement: string, rows: readonly object[]): Promise<void> {
    this.statements.push(statement);
    this.rowSets.push(rowsParam(rows));
    this.changesInSql = true;
  }

  query(): never {
    throw new Error(
      'A gathered batch runs no statement of its own: its writes go in one statement with the checkpoints',
    );
  }

  /**
   * Runs the writes with the checkpoints' move from `expected` to `reached`, all in one statement:
   * true when done; false, with nothing written, when a checkpoint was not where expected.
   */
  async commit(expected: ReadonlyMap<string, number>, reached: ReadonlyMap<string, number>): Promise<boolean> {
    const names = [...expected.keys()];
    const [result] = await this.sql<{ applied: boolean }>(
      'SELECT oversight_project_batch($1::text[], $2::bigint[], $3::bigint[], $4::text[], $5::jsonb) AS applied',
      [
        names,
        names.map((name) => expected.get(name)!),
        names.map((name) => reached.get(name) ?? expected.get(name)!),
        this.statements,
        `[${this.rowSets.join(',')}]`,
      ],
    );
    if (!result!.applied) return false;
    if (this.changesInSql) {
      this.kept.clear();
      return true;
    }
    for (const { table, key, rows } of this.written) {
      for (const row of rows) this.kept.set(table, (row as Record<string, string>)[key]!, row);
    }
    return true;
  }
}
