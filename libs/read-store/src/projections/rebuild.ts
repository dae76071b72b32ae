import type { DataSource } from 'typeorm';
import { inBatches, type EventStore, type ReadAllOptions, type ReadAllPage } from '#event-store';
import { statementTarget, type ProjectedEvent, type Projection, type Sql } from './projection.js';
import { lockCheckpoint, saveCheckpoint, sqlOf } from './projector.js';

/** Events read from the store at a time. */
const REBUILD_PAGE_SIZE = 5_000;
/** Rounds of catching up with the live projector before giving up (each round is one read). */
const MAX_SWAP_ROUNDS = 100;

export interface RebuildProgress {
  /** The projections being rebuilt, in one pass over the store. */
  projections: string[];
  /** Position reached and the store's head when the rebuild began (positions, not event counts). */
  position: number;
  head: number;
  events: number;
}

export interface RebuildResult {
  projection: string;
  events: number;
  /** The checkpoint the rebuilt tables were swapped in at. */
  position: number;
}

/** The rebuild twin of a live table: built beside it, then renamed over it. */
const twinOf = (table: string) => `${table}_rebuild`;
const rebuildCheckpoint = (projection: Projection) => `${projection.name}:rebuild`;

interface IndexDefinition {
  name: string;
  definition: string;
  primary: boolean;
}

/** A live table's indexes as `CREATE INDEX` statements (the primary key's among them). */
async function indexesOf(sql: Sql, table: string): Promise<IndexDefinition[]> {
  const rows = await sql<{ indexname: string; indexdef: string; primary: boolean }>(
    `SELECT i.indexname, i.indexdef, COALESCE(x.indisprimary, false) AS primary
       FROM pg_indexes i JOIN pg_index x ON x.indexrelid = (quote_ident(i.schemaname) || '.' || quote_ident(i.indexname))::regclass
      WHERE i.schemaname = current_schema() AND i.tablename = $1 ORDER BY i.indexname`,
    [table],
  );
  return rows.map((row) => ({ name: row.indexname, definition: row.indexdef, primary: row.primary }));
}

/** The table's storage parameters as set (`fillfactor=70`, …), to be set again on its twin. */
async function storageParameters(sql: Sql, table: string): Promise<string[]> {
  const [row] = await sql<{ options: string[] | null }>(
    `SELECT reloptions AS options FROM pg_class WHERE oid = (quote_ident(current_schema()) || '.' || quote_ident($1))::regclass`,
    [table],
  );
  return row?.options ?? [];
}

/**
 * The same index on the twin, under the live one's name with `_rebuild` after the table's name;
 * a primary key is made the twin's primary key again (LIKE ... EXCLUDING INDEXES drops it).
 */
function onTwin(index: IndexDefinition, table: string): string[] {
  const twinName = index.name.startsWith(table)
    ? `${twinOf(table)}${index.name.slice(table.length)}`
    : `${index.name}_rebuild`;
  const create = index.definition.replace(
    /^CREATE (UNIQUE )?INDEX \S+ ON (?:\S+\.)?\S+ /,
    (_match, unique: string | undefined) => `CREATE ${unique ?? ''}INDEX ${twinName} ON ${twinOf(table)} `,
  );
  return index.primary
    ? [create, `ALTER TABLE ${twinOf(table)} ADD CONSTRAINT ${twinName} PRIMARY KEY USING INDEX ${twinName}`]
    : [create];
}

/**
 * Index builds and ANALYZEs run at a time, each on a connection of its own. PostgreSQL already
 * sorts a large index with parallel workers, but each build also reads the table and writes the
 * index alone; two at once kept both cores busy, 10% quicker than one by one here.
 */
const MAINTENANCE_AT_ONCE = 2;

/** Pages held beyond the slowest projection's: how far ahead the fastest may run. */
const READ_AHEAD = 4;

/** Reads one page of the store: whole events, or their summaries (see rebuildProjections). */
type ReadPage = (options: ReadAllOptions) => Promise<ReadAllPage<ProjectedEvent>>;

/**
 * The store's pages after a position, read once for several consumers that each take them in
 * order. The next page is read while the last one read is applied; a consumer more than
 * READ_AHEAD pages ahead of the slowest waits for it, and a page is let go once every consumer
 * has taken it.
 */
class PageFeed {
  private readonly pages = new Map<number, Promise<ReadAllPage<ProjectedEvent>>>();
  private readonly taken: number[];
  private waiting: (() => void)[] = [];
  private closed = false;

  constructor(
    private readonly readPage: ReadPage,
    private readonly after: number,
    private readonly pageSize: number,
    consumers: number,
  ) {
    this.taken = new Array<number>(consumers).fill(0);
  }

  /** Page `index` for `consumer`, which has taken every page before it. */
  async take(consumer: number, index: number): Promise<ReadAllPage<ProjectedEvent>> {
    while (!this.closed && index - Math.min(...this.taken) >= READ_AHEAD)
      await new Promise<void>((resolve) => this.waiting.push(resolve));
    if (this.closed) throw new Error('The rebuild stopped');
    const page = await this.read(index);
    if (!page.isEnd) void this.read(index + 1).catch(() => undefined); // read ahead; whoever takes it sees any failure
    this.taken[consumer] = index + 1;
    const slowest = Math.min(...this.taken);
    for (const held of this.pages.keys()) if (held < slowest) this.pages.delete(held);
    this.wake();
    return page;
  }

  /** Stops waiting consumers: one failed, and the rebuild is over. */
  close(): void {
    this.closed = true;
    this.wake();
  }

  private read(index: number): Promise<ReadAllPage<ProjectedEvent>> {
    let page = this.pages.get(index);
    if (!page) {
      // Page index - 1 is held: it is let go only once every consumer has taken it, and taking it reads this one.
      const previous = this.pages.get(index - 1);
      const after = index === 0 ? Promise.resolve(this.after) : previous!.then((read) => read.lastPosition);
      page = after.then((position) => this.readPage({ after: position, maxCount: this.pageSize }));
      this.pages.set(index, page);
    }
    return page;
  }

  private wake(): void {
    const waiting = this.waiting;
    this.waiting = [];
    for (const resolve of waiting) resolve();
  }
}

/** The store's events table when it is in the read models' database (PostgreSQL, embedded), else null. */
export async function eventsTableBeside(store: EventStore, db: DataSource): Promise<string | null> {
  if (store.backend === 'eventstoredb') return null;
  const [row] = await db.query<{ present: boolean }[]>(`SELECT to_regclass('oversight_events') IS NOT NULL AS present`);
  return row?.present ? 'oversight_events' : null;
}

/**
 * Rebuilds projections from the whole event store without taking queries down, reading the store
 * once for all of them. Each table is built aside (`<table>_rebuild`, LIKE the live one) with only
 * its primary key, which the projections' upserts need; its other indexes are built once the
 * bulk is in, which is far quicker than keeping them up row by row. Each projection is then
 * caught up with the live projector and swapped in by rename inside one transaction that holds
 * the live checkpoint's row lock — the lock the live projector takes first in every batch — so
 * no batch falls between the last event applied aside and the swap. Queries wait for the renames
 * (milliseconds), never fail.
 *
 * Store reads happen outside any transaction of ours: on the embedded store there is one
 * connection, and a transaction waiting on a read through it would wait for ever.
 */
export async function rebuildProjections(
  store: EventStore,
  db: DataSource,
  projections: readonly Projection[],
  onProgress: (progress: RebuildProgress) => void = () => undefined,
  { pageSize = REBUILD_PAGE_SIZE }: { pageSize?: number } = {},
): Promise<RebuildResult[]> {
  const deferredIndexes: string[] = [];
  await db.transaction(async (manager) => {
    const sql = sqlOf(manager);
    for (const projection of projections) {
      for (const table of projection.tables) {
        await sql(`DROP TABLE IF EXISTS ${twinOf(table)}`);
        await sql(`CREATE TABLE ${twinOf(table)} (LIKE ${table} INCLUDING ALL EXCLUDING INDEXES)`);
        // LIKE copies no storage parameters: rm_actions' fillfactor is what keeps its updates in place.
        const options = await storageParameters(sql, table);
        if (options.length > 0) await sql(`ALTER TABLE ${twinOf(table)} SET (${options.join(', ')})`);
        for (const index of await indexesOf(sql, table)) {
          if (index.primary) for (const statement of onTwin(index, table)) await sql(statement);
          else deferredIndexes.push(...onTwin(index, table));
        }
      }
      await sql('DELETE FROM rm_checkpoints WHERE projection = $1', [rebuildCheckpoint(projection)]);
    }
  });

  const eventsTable = await eventsTableBeside(store, db);
  // With the events table beside, the projections copy who changed what and why from it in SQL:
  // reading only summaries spares parsing half the columns of every event here.
  const readPage: ReadPage =
    eventsTable && store.readAllSummaries
      ? (options) => store.readAllSummaries!(options)
      : (options) => store.readAll(options);
  const head = await store.headPosition();
  let position = 0;
  let events = 0;
  const pending = new Set(projections);
  /**
   * Reads and applies aside, to every projection not yet swapped in, everything after `position`.
   * The store is read once, ahead of the projections, and each projection takes the pages in
   * order at its own pace, each page in a transaction of its own: a projection whose page is
   * mostly SQL overlaps one whose page is mostly folding here, instead of each page waiting for
   * the slower of them.
   */
  const catchUp = async (): Promise<void> => {
    const consumers = [...pending];
    const feed = new PageFeed(readPage, position, pageSize, consumers.length);
    const reached = consumers.map(() => ({ position, events: 0 }));
    const reportProgress = () => {
      const slowest = reached.reduce((low, one) => (one.position < low.position ? one : low));
      position = slowest.position;
      onProgress({
        projections: consumers.map((projection) => projection.name),
        position,
        head,
        events: events + slowest.events,
      });
    };
    const applyAll = async (projection: Projection, consumer: number) => {
      for (let index = 0; ; index++) {
        const page = await feed.take(consumer, index);
        if (page.events.length > 0) {
          await applyAside(projection, page.events);
          reached[consumer] = { position: page.lastPosition, events: reached[consumer]!.events + page.events.length };
          reportProgress();
        }
        if (page.isEnd) return;
      }
    };
    const settled = await Promise.allSettled(
      consumers.map((projection, consumer) =>
        applyAll(projection, consumer).catch((error: unknown) => {
          feed.close(); // the others stop at their next page; the rebuild answers once they have
          throw error;
        }),
      ),
    );
    const failed = settled.find((outcome) => outcome.status === 'rejected');
    if (failed) throw failed.reason;
    events += reached[0]!.events;
  };
  const applyAside = (projection: Projection, batch: ProjectedEvent[]) =>
    db.transaction(async (manager) => {
      const sql = sqlOf(manager);
      await lockCheckpoint(sql, rebuildCheckpoint(projection));
      await projection.apply(batch, statementTarget(sql, twinOf, eventsTable));
      await saveCheckpoint(sql, rebuildCheckpoint(projection), batch[batch.length - 1]!.position);
    });

  await catchUp();
  // Statistics before the swap: new tables have none until autovacuum comes round, and without them
  // the planner guesses, for the first minute the rebuilt tables serve, plans such as walking the
  // whole audit log in position order for a filter its indexes answer.
  const analyses = projections.flatMap((projection) => projection.tables.map((table) => `ANALYZE ${twinOf(table)}`));
  await inBatches([...deferredIndexes, ...analyses], MAINTENANCE_AT_ONCE, (statement) => db.query(statement));
  const results: RebuildResult[] = [];
  for (const projection of projections) {
    results.push(await swapIn(projection));
    pending.delete(projection);
  }
  return results;

  async function swapIn(projection: Projection): Promise<RebuildResult> {
    for (let round = 0; round < MAX_SWAP_ROUNDS; round++) {
      const swapped = await db.transaction(async (manager) => {
        const sql = sqlOf(manager);
        const live = await lockCheckpoint(sql, projection.name);
        let reached = { position, events: 0 };
        if (live > position) {
          // The live projector got further while we read. The lock holds it still, and a store on
          // connections of its own is read under it up to where the live one is, so a projector
          // that keeps ahead (one statement a batch) cannot starve the swap. The embedded store's
          // one connection is this transaction's: there we let go, read on, and try again.
          if (store.backend === 'embedded') return null;
          reached = await applyAsideUnderLock(projection, sql, live);
        }
        for (const table of projection.tables) {
          await sql(`ALTER TABLE ${table} RENAME TO ${table}_replaced`);
          await sql(`ALTER TABLE ${twinOf(table)} RENAME TO ${table}`);
          await sql(`DROP TABLE ${table}_replaced`);
          // The indexes take the live names again, so the next rebuild's twins are named as these were.
          for (const index of await indexesOf(sql, table)) {
            if (index.name.startsWith(twinOf(table)))
              await sql(`ALTER INDEX ${index.name} RENAME TO ${table}${index.name.slice(twinOf(table).length)}`);
          }
        }
        await saveCheckpoint(sql, projection.name, reached.position);
        await sql('DELETE FROM rm_checkpoints WHERE projection = $1', [rebuildCheckpoint(projection)]);
        return reached;
      });
      if (swapped) return { projection: projection.name, events: events + swapped.events, position: swapped.position };
      await catchUp();
    }
    throw new Error(
      `Rebuilding ${projection.name}: the live projector kept ahead for ${MAX_SWAP_ROUNDS} rounds; the live tables are untouched, try again`,
    );
  }

  /** Applies aside, in the swap's transaction, the events from `position` on until `live` is passed; where that got to. */
  async function applyAsideUnderLock(
    projection: Projection,
    sql: Sql,
    live: number,
  ): Promise<{ position: number; events: number }> {
    const reached = { position, events: 0 };
    while (reached.position < live) {
      const page = await readPage({ after: reached.position, maxCount: pageSize });
      if (page.lastPosition === reached.position)
        throw new Error(
          `Rebuilding ${projection.name}: the store ends at ${reached.position}, before the live projector's ${live}`,
        );
      await projection.apply(page.events, statementTarget(sql, twinOf, eventsTable));
      reached.position = page.lastPosition;
      reached.events += page.events.length;
    }
    return reached;
  }
}
