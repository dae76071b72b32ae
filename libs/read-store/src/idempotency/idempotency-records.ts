import type { DataSource } from 'typeorm';

/** Status of a record whose first request is still running. */
export const PENDING = 0;
/** A claim older than this was left by a process that died mid-request; another may take it. */
export const ABANDONED_AFTER_SECONDS = 120;

/** The record of an Idempotency-Key (table oversight_idempotency_records). */
export interface IdempotencyRecord {
  actorId: string;
  key: string;
  /** SHA-256 of method, path and body: the same key with another request is refused. */
  fingerprint: string;
  /** PENDING while the first request runs, then its answer's status. */
  status: number;
  body: unknown;
  headers: Record<string, string>;
  createdAt: Date;
}

/** The first answer to a request, kept for its retries. */
export interface KeptAnswer {
  status: number;
  body: unknown;
  headers: Record<string, string>;
}

/**
 * The store of Idempotency-Keys: per actor and key, the request's fingerprint and, once it has
 * run, its answer. The HTTP layer decides when to claim, wait and replay; this decides only how
 * the records are kept (beside the API keys, in the read database).
 */
export class IdempotencyRecords {
  /** Requests of this process waiting for a key's first request to settle, by actor and key. */
  private readonly waiting = new Map<string, Set<() => void>>();

  constructor(private readonly db: DataSource) {}

  /**
   * Resolves when this process settles the key (its answer kept, or the key let go), or after
   * `ms` at the latest, as the first request may be another process's: the waiter then reads the
   * record again.
   */
  settled(actorId: string, key: string, ms: number): Promise<void> {
    const id = `${actorId}\n${key}`;
    return new Promise((resolve) => {
      const waiters = this.waiting.get(id) ?? new Set<() => void>();
      this.waiting.set(id, waiters);
      const done = () => {
        clearTimeout(timer);
        waiters.delete(done);
        if (waiters.size === 0 && this.waiting.get(id) === waiters) this.waiting.delete(id);
        resolve();
      };
      const timer = setTimeout(done, ms);
      waiters.add(done);
    });
  }

  /** Forgets records older than `cutoff` (their retries, if any, run again and append nothing: the key is the command's id). */
  async purgeOlderThan(cutoff: Date): Promise<number> {
    // Counted in SQL: TypeORM answers a bare DELETE with [rows, count], not the rows.
    const [purged] = await this.db.query<{ n: number }[]>(
      `WITH purged AS (
         DELETE FROM oversight_idempotency_records WHERE created_at < $1 AND status <> ${PENDING} RETURNING 1
       ) SELECT count(*)::int AS n FROM purged`,
      [cutoff],
    );
    return purged!.n;
  }

  private wake(actorId: string, key: string): void {
    for (const done of [...(this.waiting.get(`${actorId}\n${key}`) ?? [])]) done();
  }

  /** Takes the key for a request; also takes over a claim abandoned by a process that died. True when taken. */
  async claim(actorId: string, key: string, fingerprint: string, claimedAt: Date): Promise<boolean> {
    const rows: unknown[] = await this.db.query(
      `INSERT INTO oversight_idempotency_records (actor_id, key, fingerprint, status, body, headers, created_at)
       VALUES ($1, $2, $3, ${PENDING}, 'null', '{}', $4)
       ON CONFLICT (actor_id, key) DO UPDATE SET created_at = EXCLUDED.created_at, fingerprint = EXCLUDED.fingerprint
         WHERE oversight_idempotency_records.status = ${PENDING}
           AND oversight_idempotency_records.created_at < now() - interval '${ABANDONED_AFTER_SECONDS} seconds'
       RETURNING key`,
      [actorId, key, fingerprint, claimedAt],
    );
    return rows.length > 0;
  }

  /** The record of a key: its fingerprint, and its answer once the first request has run (status not PENDING). */
  async find(actorId: string, key: string): Promise<IdempotencyRecord | null> {
    const [record] = await this.db.query<IdempotencyRecord[]>(
      `SELECT actor_id AS "actorId", key, fingerprint, status, body, headers, created_at AS "createdAt"
         FROM oversight_idempotency_records WHERE actor_id = $1 AND key = $2`,
      [actorId, key],
    );
    return record ?? null;
  }

  /** Lets go of the claim made at that moment, and of no later one. */
  async letGoOfClaim(actorId: string, key: string, claimedAt: Date): Promise<void> {
    await this.db.query(
      `DELETE FROM oversight_idempotency_records WHERE actor_id = $1 AND key = $2 AND status = ${PENDING} AND created_at = $3`,
      [actorId, key, claimedAt],
    );
    this.wake(actorId, key);
  }

  /** Forgets the key: the first request failed, and a retry with it may run. */
  async forget(actorId: string, key: string): Promise<void> {
    await this.db.query('DELETE FROM oversight_idempotency_records WHERE actor_id = $1 AND key = $2', [actorId, key]);
    this.wake(actorId, key);
  }

  /** Keeps the first request's answer, for its retries. */
  async keepAnswer(actorId: string, key: string, answer: KeptAnswer): Promise<void> {
    await this.db.query(
      'UPDATE oversight_idempotency_records SET status = $3, body = $4, headers = $5 WHERE actor_id = $1 AND key = $2',
      [actorId, key, answer.status, JSON.stringify(answer.body ?? null), JSON.stringify(answer.headers)],
    );
    this.wake(actorId, key);
  }
}
