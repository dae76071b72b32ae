import type { DataSource, EntityManager } from 'typeorm';
import { BatchingSubscriber, type EventStore, type RecordedEvent } from '#event-store';
import { GatheredBatch, KeptRows } from './gathered-batch.js';
import { statementTarget, type Projection, type ProjectionTarget, type Sql } from './projection.js';

const BATCH_SIZE = 500;
/** Rows kept a table between batches: the actions and streams being worked on, not the whole store. */
const KEPT_ROWS = 10_000;

export interface ProjectionStatus {
  projection: string;
  position: number;
  updatedAt: Date | null;
}

export const sqlOf =
  (manager: EntityManager): Sql =>
  (text, params) =>
    manager.query(text, params);

/** Reads a projection's checkpoint, locking it for the rest of the transaction. */
export async function lockCheckpoint(sql: Sql, projection: string): Promise<number> {
  return (await lockCheckpoints(sql, [projection])).get(projection)!;
}

/**
 * Reads and locks several checkpoints in one statement, in name order so that two projectors
 * never wait on each other crosswise; only a checkpoint met for the first time costs more.
 */
export async function lockCheckpoints(sql: Sql, projections: readonly string[]): Promise<Map<string, number>> {
  const lock = () =>
    sql<{ projection: string; position: string }>(
      'SELECT projection, position FROM rm_checkpoints WHERE projection = ANY($1) ORDER BY projection FOR UPDATE',
      [projections],
    );
  let rows = await lock();
  if (rows.length < projections.length) {
    await createCheckpoints(sql, projections);
    rows = await lock();
  }
  return new Map(rows.map((row) => [row.projection, Number(row.position)]));
}

/** Checkpoints at 0 for the projections that have none yet. */
async function createCheckpoints(sql: Sql, projections: readonly string[]): Promise<void> {
  await sql(
    'INSERT INTO rm_checkpoints (projection, position, updated_at) SELECT name, 0, now() FROM unnest($1::text[]) AS name ON CONFLICT (projection) DO NOTHING',
    [projections],
  );
}

export async function saveCheckpoint(sql: Sql, projection: string, position: number): Promise<void> {
  await saveCheckpoints(sql, new Map([[projection, position]]));
}

export async function saveCheckpoints(sql: Sql, positions: ReadonlyMap<string, number>): Promise<void> {
  if (positions.size === 0) return;
  await sql(
    `UPDATE rm_checkpoints AS c SET position = v.position, updated_at = now()
       FROM unnest($1::text[], $2::bigint[]) AS v(projection, position) WHERE c.projection = v.projection`,
    [[...positions.keys()], [...positions.values()]],
  );
}

/**
 * Applies a batch to each projection in one transaction with its checkpoint: events at or before
 * the checkpoint are skipped, so a batch applied twice (a crash, a second projector) changes nothing.
 */
export async function applyBatch(
  dataSource: DataSource,
  projections: readonly Projection[],
  events: RecordedEvent[],
): Promise<void> {
  if (events.length === 0) return;
  await dataSource.transaction(async (manager) => {
    const sql = sqlOf(manager);
    const checkpoints = await lockCheckpoints(
      sql,
      projections.map((projection) => projection.name),
    );
    await saveCheckpoints(sql, await applyFresh(projections, events, checkpoints, statementTarget(sql)));
  });
}

/** Applies to each projection the events after its checkpoint; where each got to. */
async function applyFresh(
  projections: readonly Projection[],
  events: RecordedEvent[],
  checkpoints: ReadonlyMap<string, number>,
  target: ProjectionTarget,
): Promise<Map<string, number>> {
  const reached = new Map<string, number>();
  for (const projection of projections) {
    const fresh = events.filter((event) => event.position > checkpoints.get(projection.name)!);
    if (fresh.length === 0) continue;
    await projection.apply(fresh, target);
    reached.set(projection.name, fresh[fresh.length - 1]!.position);
  }
  return reached;
}

export async function projectionStatuses(
  dataSource: DataSource,
  projections: readonly Projection[],
): Promise<ProjectionStatus[]> {
  const rows: { projection: string; position: string; updated_at: Date }[] = await dataSource.query(
    'SELECT * FROM rm_checkpoints WHERE projection = ANY($1)',
    [projections.map((projection) => projection.name)],
  );
  return projections.map((projection) => {
    const row = rows.find((candidate) => candidate.projection === projection.name);
    return {
      projection: projection.name,
      position: row ? Number(row.position) : 0,
      updatedAt: row?.updated_at ?? null,
    };
  });
}

/** The first event a projector has not projected, while its batches keep failing: readiness names it. */
export interface ProjectorFailure {
  position: number;
  eventId: string;
  streamId: string;
  type: string;
  /** When a batch starting at this event first failed. */
  since: Date;
  message: string;
}

/**
 * Follows the event store and keeps the projections up to date, in batches (BatchingSubscriber:
 * from the lowest checkpoint, restarted from the stored checkpoints after an error). Each batch is
 * one statement (GatheredBatch) while the checkpoints are where this projector left them, and a
 * transaction that locks and reads them (applyBatch) when another writer has moved one; either
 * way the rows and the checkpoints move together and events at or before a checkpoint are
 * skipped, which is what makes a restart lose and repeat nothing. On an error it also drops what it held.
 */
export class Projector {
  private readonly subscriber: BatchingSubscriber;
  private projected = 0;
  private readonly waiters = new Set<{ position: number; resolve: () => void }>();
  /** Where this projector left the checkpoints, or null when it does not know. */
  private checkpoints: Map<string, number> | null = null;
  private readonly kept = new KeptRows(KEPT_ROWS);
  /** The last error, until a batch succeeds again. */
  lastError: Error | null = null;
  /** The event the projector is failing on, and since when; null once a batch succeeds. */
  failure: ProjectorFailure | null = null;
  /** Up to here, events are applied one at a time: a batch failed there, and the retry finds which event. */
  private isolatingUntil = 0;

  constructor(
    store: EventStore,
    private readonly dataSource: DataSource,
    readonly projections: readonly Projection[],
    log: (message: string) => void = () => undefined,
  ) {
    this.subscriber = new BatchingSubscriber(
      store,
      {
        resume: () => this.resume(),
        apply: (batch) => this.applyLive(batch),
        failed: (error, batch) => this.failed(error, batch),
      },
      {
        batchSize: BATCH_SIZE,
        flushAfter: (event) => event.position <= this.isolatingUntil,
        restartLogPrefix: 'Projector stopped on an error, restarting from the checkpoints',
        log,
      },
    );
  }

  /** Position every projection has reached (as far as this process knows). */
  get position(): number {
    return this.projected;
  }

  start(): Promise<void> {
    return this.subscriber.start();
  }

  stop(): Promise<void> {
    return this.subscriber.stop();
  }

  /** Resolves true once every projection has reached `position`, false after `timeoutMs`. */
  async waitFor(position: number, timeoutMs: number): Promise<boolean> {
    if (this.projected >= position) return true;
    return new Promise((resolve) => {
      const waiter = { position, resolve: () => resolve(true) };
      this.waiters.add(waiter);
      setTimeout(() => {
        if (this.waiters.delete(waiter)) resolve(this.projected >= position);
      }, timeoutMs).unref();
    });
  }

  /** Follows on from the lowest stored checkpoint, knowing nothing kept from before. */
  private async resume(): Promise<number> {
    const statuses = await projectionStatuses(this.dataSource, this.projections);
    const from = Math.min(...statuses.map((status) => status.position));
    this.forget();
    this.advance(from);
    return from;
  }

  private async applyLive(batch: RecordedEvent[]): Promise<void> {
    await this.apply(batch);
    this.lastError = null;
    this.failure = null;
    this.advance(batch[batch.length - 1]!.position);
  }

  private failed(error: Error, batch: RecordedEvent[] | null): void {
    if (batch) {
      this.noteFailure(batch[0]!, error);
      this.isolatingUntil = Math.max(this.isolatingUntil, batch[batch.length - 1]!.position);
      this.forget();
    }
    this.lastError = error;
  }

  /** One statement while the checkpoints are where this projector left them; else the transaction. */
  private async apply(batch: RecordedEvent[]): Promise<void> {
    const sql = sqlOf(this.dataSource.manager);
    if (!this.checkpoints) {
      await createCheckpoints(
        sql,
        this.projections.map((projection) => projection.name),
      );
      this.checkpoints = new Map(
        (await projectionStatuses(this.dataSource, this.projections)).map((status) => [
          status.projection,
          status.position,
        ]),
      );
    }
    const gathered = new GatheredBatch(this.kept, sql);
    const reached = await applyFresh(this.projections, batch, this.checkpoints, gathered);
    if (await gathered.commit(this.checkpoints, reached)) {
      for (const [projection, position] of reached) this.checkpoints.set(projection, position);
      return;
    }
    // Another writer moved a checkpoint: what was kept may be out of date.
    this.forget();
    await applyBatch(this.dataSource, this.projections, batch);
  }

  /**
   * Checkpoints move only when a batch succeeds, so a retry starts at the same first event: it
   * keeps the time of the first failure there, which is how long the projector has been stuck.
   * The retry applies the failed batch's events one at a time, so the event named is the one
   * that fails, not merely the first of its batch.
   */
  private noteFailure(first: RecordedEvent, error: unknown): void {
    const message = error instanceof Error ? error.message : String(error);
    const since = this.failure?.position === first.position ? this.failure.since : new Date();
    const { position, eventId, streamId, type } = first;
    this.failure = { position, eventId, streamId, type, since, message };
  }

  /** Drops what this projector knew of the tables: the next batch reads what it needs. */
  private forget(): void {
    this.checkpoints = null;
    this.kept.clear();
  }

  private advance(position: number): void {
    if (position <= this.projected) return;
    this.projected = position;
    for (const waiter of this.waiters) {
      if (waiter.position <= position) {
        this.waiters.delete(waiter);
        waiter.resolve();
      }
    }
  }
}
