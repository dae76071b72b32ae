import { createHmac, randomUUID } from 'node:crypto';
import type pg from 'pg';
import { runMigrations } from '../postgres/migrate.js';
import { dataKeysMigration, keyEncryptionKeyFingerprintMigration } from '../postgres/event-store.migrations.js';
import { newDataKey, unwrapKey, wrapKey } from './sealed-text.js';
import { subjectKey, type Subject } from './personal-fields.js';

/** A data key as the store knows it: open, or destroyed with the words that stand in for what it sealed. */
export type DataKeyEntry =
  | { state: 'live'; keyId: string; key: Buffer; subject: string; checkedAt: number }
  | { state: 'destroyed'; keyId: string; replacement: string };
type LiveEntry = Extract<DataKeyEntry, { state: 'live' }>;

const COLUMNS = 'key_id, subject_kind, subject_id, wrapped_key, replacement';
/** Fewer keys wanted than this are looked up with the keys made after them (see entries). */
const FEW = 100;
const ALONG_WITH = 1_000;

export interface Destruction {
  at: Date;
  /** Who destroyed it (an actor's name), and why: kept with the tombstone. */
  by: string;
  reason: string;
  /** The words shown where the key's text was. */
  replacement: string;
}

/** The fingerprint of a key-encryption key: an HMAC of a fixed label under it, which tells keys apart and gives none away. */
export function keyEncryptionKeyFingerprint(keyEncryptionKey: Buffer): string {
  return createHmac('sha256', keyEncryptionKey).update('oversight key-encryption key fingerprint v1').digest('hex');
}

/** The configured key-encryption key is not the one this database's data keys are wrapped by. */
export class KeyEncryptionKeyMismatchError extends Error {
  override readonly name = 'KeyEncryptionKeyMismatchError';
}

export interface DataKeysOptions {
  /** Keys held open in memory, least recently used first out. */
  cacheSize?: number;
  /**
   * How long an open key is trusted before it is looked up again: another process may have
   * destroyed it. A destroyed key is final and kept until pushed out.
   */
  liveForMs?: number;
}

/**
 * The data keys (table oversight_data_keys, beside the events), each wrapped by the key-encryption
 * key; a destroyed key keeps its row as a tombstone (when, by whom, why) with its wrapped key gone.
 * Mutable on purpose: it is the one place personal data can be removed from.
 */
export class DataKeys {
  private readonly byId = new Map<string, DataKeyEntry>();
  private readonly liveBySubject = new Map<string, string>();
  /**
   * The subjects whose words were removed, with the words shown instead: for what was stored
   * before sealing began (plain strings, which no key destruction reaches). Few: one per redaction.
   */
  private removed = new Map<string, string>();
  private removedReadAt = 0;
  private readonly cacheSize: number;
  private readonly liveForMs: number;

  private constructor(
    private readonly pool: pg.Pool,
    private readonly keyEncryptionKey: Buffer,
    options: DataKeysOptions,
  ) {
    this.cacheSize = options.cacheSize ?? 20_000;
    this.liveForMs = options.liveForMs ?? 30_000;
  }

  /**
   * Opens the keys over `pool`. `migrate`: create the table here (the read database beside
   * EventStoreDB; on PostgreSQL the event store's migrations have). Refuses a key-encryption key
   * that does not open the keys already made.
   */
  static async open(
    pool: pg.Pool,
    keyEncryptionKey: Buffer,
    { migrate = false, ...options }: DataKeysOptions & { migrate?: boolean } = {},
  ): Promise<DataKeys> {
    if (keyEncryptionKey.length !== 32) throw new Error('The key-encryption key must be 32 bytes');
    if (migrate)
      await runMigrations(pool, 'oversight_data_key_migrations', [
        dataKeysMigration,
        keyEncryptionKeyFingerprintMigration,
      ]);
    const keys = new DataKeys(pool, keyEncryptionKey, options);
    const { rows } = await pool.query<{ key_id: string; wrapped_key: string }>(
      'SELECT key_id, wrapped_key FROM oversight_data_keys WHERE wrapped_key IS NOT NULL LIMIT 1',
    );
    if (rows[0]) unwrapKey(rows[0].wrapped_key, rows[0].key_id, keyEncryptionKey);
    // Recorded by the first process, then compared: an empty database has no key to unwrap, yet
    // two processes given different keys (two DATA_DIRs) would each wrap keys the other cannot open.
    const fingerprint = keyEncryptionKeyFingerprint(keyEncryptionKey);
    const recorded = await pool.query<{ fingerprint: string }>(
      `WITH recorded AS (
         INSERT INTO oversight_key_encryption_key (fingerprint) VALUES ($1) ON CONFLICT (only_one) DO NOTHING RETURNING fingerprint
       )
       SELECT fingerprint FROM recorded UNION ALL SELECT fingerprint FROM oversight_key_encryption_key`,
      [fingerprint],
    );
    // A process that lost the race to record it reads the winner's once that has committed.
    const kept =
      recorded.rows[0]?.fingerprint ??
      (await pool.query<{ fingerprint: string }>('SELECT fingerprint FROM oversight_key_encryption_key')).rows[0]
        ?.fingerprint;
    if (kept !== fingerprint)
      throw new KeyEncryptionKeyMismatchError(
        `the key-encryption key given is not the one this database's personal data is sealed under (fingerprint ${kept?.slice(0, 16) ?? 'none'}…, given ${fingerprint.slice(0, 16)}…)`,
      );
    await keys.removedSubjects();
    return keys;
  }

  /**
   * The subjects removed, by subject key, with their replacement: read again once `liveForMs`
   * old, as another process may have removed one since.
   */
  async removedSubjects(): Promise<ReadonlyMap<string, string>> {
    if (Date.now() - this.removedReadAt < this.liveForMs) return this.removed;
    const { rows } = await this.pool.query<{ subject_kind: string; subject_id: string; replacement: string }>(
      `SELECT DISTINCT ON (subject_kind, subject_id) subject_kind, subject_id, replacement
         FROM oversight_data_keys WHERE wrapped_key IS NULL ORDER BY subject_kind, subject_id, destroyed_at`,
    );
    this.removed = new Map(rows.map((row) => [`${row.subject_kind}:${row.subject_id}`, row.replacement]));
    this.removedReadAt = Date.now();
    return this.removed;
  }

  /**
   * The open key of each subject, made (and stored) for those that have none: one statement when
   * every subject is new, as an import's are. A key stored for an append that then fails is harmless.
   * A key held in memory longer than `liveForMs` is asked after first (one statement for all of
   * them), and made anew only when another process destroyed it meanwhile.
   */
  async keysFor(subjects: readonly Subject[]): Promise<Map<string, { keyId: string; key: Buffer }>> {
    const found = new Map<string, { keyId: string; key: Buffer }>();
    const missing = new Map<string, Subject>();
    const aged = new Map<string, { subject: Subject; entry: LiveEntry }>();
    const now = Date.now();
    for (const subject of subjects) {
      const name = subjectKey(subject);
      if (found.has(name) || missing.has(name) || aged.has(name)) continue;
      const keyId = this.liveBySubject.get(name);
      const entry = keyId === undefined ? undefined : this.byId.get(keyId);
      if (entry?.state !== 'live') missing.set(name, subject);
      else if (now - entry.checkedAt >= this.liveForMs) aged.set(name, { subject, entry });
      else {
        this.touch(entry);
        found.set(name, { keyId: entry.keyId, key: entry.key });
      }
    }
    if (aged.size > 0) {
      // Held past liveForMs: asked after, as entries() asks, in one statement; the key in memory
      // is kept while its row is. Only one another process destroyed meanwhile is made anew.
      const { rows } = await this.pool.query<{ key_id: string }>(
        'SELECT key_id FROM oversight_data_keys WHERE key_id = ANY($1::uuid[]) AND wrapped_key IS NOT NULL',
        [[...aged.values()].map(({ entry }) => entry.keyId)],
      );
      const live = new Set(rows.map((row) => row.key_id));
      for (const [name, { subject, entry }] of aged) {
        if (live.has(entry.keyId)) {
          this.remember({ ...entry, checkedAt: Date.now() });
          found.set(name, { keyId: entry.keyId, key: entry.key });
        } else {
          this.forget(subject);
          missing.set(name, subject);
        }
      }
    }
    if (missing.size === 0) return found;
    const made = [...missing.values()].map((subject) => {
      const keyId = randomUUID();
      const key = newDataKey();
      return { subject, keyId, key, wrapped: wrapKey(key, keyId, this.keyEncryptionKey) };
    });
    // In subject order: two appends making keys for some of the same subjects each wait on the
    // other's uncommitted index entries, so they must take them in one order, or each holds one the
    // other wants (a deadlock, seen with four writers importing at once).
    const inserted = await this.pool.query<{ key_id: string }>(
      `INSERT INTO oversight_data_keys (key_id, subject_kind, subject_id, wrapped_key)
       SELECT * FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[]) AS k(key_id, subject_kind, subject_id, wrapped_key)
        ORDER BY k.subject_kind, k.subject_id
       ON CONFLICT (subject_kind, subject_id) WHERE wrapped_key IS NOT NULL DO NOTHING
       RETURNING key_id`,
      [
        made.map((m) => m.keyId),
        made.map((m) => m.subject.kind),
        made.map((m) => m.subject.id),
        made.map((m) => m.wrapped),
      ],
    );
    const stored = new Set(inserted.rows.map((row) => row.key_id));
    const lost: Subject[] = [];
    for (const m of made) {
      if (stored.has(m.keyId)) {
        this.remember({
          state: 'live',
          keyId: m.keyId,
          key: m.key,
          subject: subjectKey(m.subject),
          checkedAt: Date.now(),
        });
        found.set(subjectKey(m.subject), { keyId: m.keyId, key: m.key });
      } else lost.push(m.subject);
    }
    if (lost.length > 0) {
      // Another writer made these subjects' keys first: use theirs.
      const { rows } = await this.pool.query<{
        key_id: string;
        subject_kind: string;
        subject_id: string;
        wrapped_key: string;
      }>(
        `SELECT k.key_id, k.subject_kind, k.subject_id, k.wrapped_key
           FROM oversight_data_keys k JOIN unnest($1::text[], $2::text[]) AS s(kind, id)
             ON k.subject_kind = s.kind AND k.subject_id = s.id
          WHERE k.wrapped_key IS NOT NULL`,
        [lost.map((s) => s.kind), lost.map((s) => s.id)],
      );
      for (const row of rows) {
        const key = unwrapKey(row.wrapped_key, row.key_id, this.keyEncryptionKey);
        const subject = `${row.subject_kind}:${row.subject_id}`;
        this.remember({ state: 'live', keyId: row.key_id, key, subject, checkedAt: Date.now() });
        found.set(subject, { keyId: row.key_id, key });
      }
      for (const subject of lost)
        if (!found.has(subjectKey(subject))) throw new Error(`No data key could be made for ${subjectKey(subject)}`);
    }
    return found;
  }

  /** The keys of these ids, from memory or in one query; an id with no row throws (the keys table is not this store's). */
  async entries(keyIds: Iterable<string>): Promise<Map<string, DataKeyEntry>> {
    const result = new Map<string, DataKeyEntry>();
    const wanted: string[] = [];
    const now = Date.now();
    for (const keyId of new Set(keyIds)) {
      const entry = this.byId.get(keyId);
      if (entry && (entry.state === 'destroyed' || now - entry.checkedAt < this.liveForMs)) {
        result.set(keyId, entry);
        this.touch(entry);
      } else wanted.push(keyId);
    }
    if (wanted.length === 0) return result;
    // A subscription catching up asks for an event's keys one event at a time: the keys made
    // after the first wanted (an import's, made together, then its neighbours') come too, so the
    // events that follow find theirs in memory rather than a query each.
    const { rows } = await this.pool.query<{
      key_id: string;
      subject_kind: string;
      subject_id: string;
      wrapped_key: string | null;
      replacement: string | null;
    }>(
      wanted.length >= FEW
        ? `SELECT ${COLUMNS} FROM oversight_data_keys WHERE key_id = ANY($1::uuid[])`
        : `WITH wanted AS (SELECT ${COLUMNS}, created_at FROM oversight_data_keys WHERE key_id = ANY($1::uuid[]))
           SELECT ${COLUMNS} FROM wanted
           UNION
           SELECT * FROM (SELECT ${COLUMNS} FROM oversight_data_keys
                           WHERE created_at >= (SELECT min(created_at) FROM wanted)
                           ORDER BY created_at LIMIT ${ALONG_WITH}) AS near`,
      [wanted],
    );
    for (const row of rows) {
      const cached = this.byId.get(row.key_id);
      const entry: DataKeyEntry =
        row.wrapped_key === null
          ? { state: 'destroyed', keyId: row.key_id, replacement: row.replacement ?? '[removed]' }
          : {
              state: 'live',
              keyId: row.key_id,
              // Unwrapping is the cost worth keeping: only the check is repeated.
              key:
                cached?.state === 'live' ? cached.key : unwrapKey(row.wrapped_key, row.key_id, this.keyEncryptionKey),
              subject: `${row.subject_kind}:${row.subject_id}`,
              checkedAt: now,
            };
      this.remember(entry);
      result.set(row.key_id, entry);
    }
    const absent = wanted.filter((keyId) => !result.has(keyId));
    if (absent.length > 0)
      throw new Error(
        `Events are sealed under data keys the keys table does not hold (${absent.slice(0, 3).join(', ')}): the table was lost or is another store's`,
      );
    return result;
  }

  /**
   * Destroys the subject's open keys, keeping each row as a tombstone. Idempotent: a key already
   * destroyed keeps its first tombstone. Returns how many keys it destroyed.
   */
  async destroy(subject: Subject, destruction: Destruction): Promise<number> {
    const result = await this.pool.query(
      `WITH destroyed AS (
         UPDATE oversight_data_keys
            SET wrapped_key = NULL, destroyed_at = $3, destroyed_by = $4, reason = $5, replacement = $6
          WHERE subject_kind = $1 AND subject_id = $2 AND wrapped_key IS NOT NULL
         RETURNING key_id
       )
       -- A record with no key (its words stored before sealing began) gets a tombstone all the
       -- same: readers put its replacement where its plain words are.
       INSERT INTO oversight_data_keys (key_id, subject_kind, subject_id, destroyed_at, destroyed_by, reason, replacement)
       SELECT $7, $1, $2, $3, $4, $5, $6
        WHERE NOT EXISTS (SELECT 1 FROM destroyed)
          AND NOT EXISTS (SELECT 1 FROM oversight_data_keys WHERE subject_kind = $1 AND subject_id = $2)`,
      [
        subject.kind,
        subject.id,
        destruction.at,
        destruction.by,
        destruction.reason,
        destruction.replacement,
        randomUUID(),
      ],
    );
    this.forget(subject);
    if (!this.removed.has(subjectKey(subject))) this.removed.set(subjectKey(subject), destruction.replacement);
    return result.rowCount ?? 0;
  }

  /** Drops what memory holds of the subject's keys: they are looked up again when next needed. */
  forget(subject: Subject): void {
    const name = subjectKey(subject);
    this.liveBySubject.delete(name);
    for (const [keyId, entry] of this.byId)
      if (entry.state === 'live' && entry.subject === name) this.byId.delete(keyId);
  }

  private remember(entry: DataKeyEntry): void {
    this.byId.delete(entry.keyId);
    this.byId.set(entry.keyId, entry);
    if (entry.state === 'live') this.liveBySubject.set(entry.subject, entry.keyId);
    else
      for (const [subject, keyId] of this.liveBySubject) if (keyId === entry.keyId) this.liveBySubject.delete(subject);
    while (this.byId.size > this.cacheSize) {
      const [oldest, old] = this.byId.entries().next().value!;
      this.byId.delete(oldest);
      if (old.state === 'live' && this.liveBySubject.get(old.subject) === oldest)
        this.liveBySubject.delete(old.subject);
    }
  }

  private touch(entry: DataKeyEntry): void {
    this.byId.delete(entry.keyId);
    this.byId.set(entry.keyId, entry);
  }
}
