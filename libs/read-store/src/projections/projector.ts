import type { DataSource, EntityManager } from 'typeorm';
import type { EventStore, RecordedEvent, Subscription } from '#event-store';
import { GatheredBatch, KeptRows } from './gathered-batch.js';
import { statementTarget, type Projection, type ProjectionTarget, type Sql } from './projection.js';

const BATCH_SIZE = 500;
const RETRY_DELAY_MS = 1_000;
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
 * Follows the event store and keeps the projections up to date, in batches. Each batch is one
 * statement (GatheredBatch) while the checkpoints are where this projector left them, and a
 * transaction that locks and reads them (applyBatch) when another writer has moved one. On an
 * error (the database gone, say) it drops what it held and starts again from the stored checkpoints.
 */
export class Projector {
  private subscription: Subscription | null = null;
  private stopped = true;
  private buffer: RecordedEvent[] = [];
  private flushing: Promise<void> = Promise.resolve();
  private projected = 0;
  private readonly waiters = new Set<{ position: number; resolve: () => void }>();
  private retryTimer: NodeJS.Timeout | null = null;
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
    private readonly store: EventStore,
    private readonly dataSource: DataSource,
    readonly projections: readonly Projection[],
    private readonly log: (message: string) => void = () => undefined,
  ) {}

  /** Position every projection has reached (as far as this process knows). */
  get position(): number {
    return this.projected;
  }

  async start(): Promise<void> {
    this.stopped = false;
    await this.subscribe();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    await this.subscription?.stop();
    await this.flushing.catch(() => undefined);
    this.subscription = null;
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

  private async subscribe(): Promise<void> {
    const statuses = await projectionStatuses(this.dataSource, this.projections);
    const from = Math.min(...statuses.map((status) => status.position));
    this.forget();
    this.advance(from);
    this.buffer = [];
    this.subscription = this.store.subscribeToAll({
      after: from,
      onEvent: async (event) => {
        this.buffer.push(event);
        if (this.buffer.length >= BATCH_SIZE || event.position <= this.isolatingUntil) await this.flush();
      },
      onCaughtUp: () => void this.flush().catch(() => undefined),
      onError: (error) => this.restart(error),
    });
  }

  /** Flushes are chained, so batches are applied one at a time and in order. */
  private flush(): Promise<void> {
    this.flushing = this.flushing.then(async () => {
      const batch = this.buffer;
      if (batch.length === 0) return;
      this.buffer = [];
      try {
        await this.apply(batch);
      } catch (error) {
        this.noteFailure(batch[0]!, error);
        this.isolatingUntil = Math.max(this.isolatingUntil, batch[batch.length - 1]!.position);
        this.forget();
        this.restart(error);
        throw error;
      }
      this.lastError = null;
      this.failure = null;
      this.advance(batch[batch.length - 1]!.position);
    });
    return this.flushing;
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

  private restart(error: unknown): void {
    this.lastError = error instanceof Error ? error : new Error(String(error));
    if (this.stopped || this.retryTimer) return;
    this.log(`Projector stopped on an error, restarting from the checkpoints: ${this.lastError.message}`);
    const subscription = this.subscription;
    this.subscription = null;
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      void (async () => {
        await subscription?.stop().catch(() => undefined);
        this.flushing = Promise.resolve();
        if (!this.stopped) await this.subscribe().catch((next: unknown) => this.restart(next));
      })();
    }, RETRY_DELAY_MS);
  }
}
