import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomBytes, randomUUID } from 'node:crypto';
import pg from 'pg';
import { createTestDatabase } from '../testing/test-databases.js';
import { DataKeys } from './data-keys.js';
import { newDataKey, wrapKey } from './sealed-text.js';

/**
 * Two writers making keys for some of the same subjects at once (four importers, say) each wait on
 * the other's uncommitted entries in the subjects' unique index. Taken in different orders, each
 * holds one the other wants and PostgreSQL refuses one of them as a deadlock; taken in one order,
 * the later waits and then uses the keys the earlier made. Only a server has two connections at
 * once, so this runs on PostgreSQL alone.
 */
const serverUrl = process.env.DATABASE_URL ?? null;

describe('data keys made by writers at once, on PostgreSQL', () => {
  if (!serverUrl) {
    console.warn('Data keys made at once: skipped, DATABASE_URL is not set');
    it.skip('needs DATABASE_URL', () => undefined);
    return;
  }
  const keyEncryptionKey = randomBytes(32);
  let database: { url: string; drop(): Promise<void> };
  let pool: pg.Pool;
  let keys: DataKeys;

  beforeAll(async () => {
    database = await createTestDatabase(serverUrl, 'oversight_data_keys');
    pool = new pg.Pool({ connectionString: database.url, max: 2 });
    keys = await DataKeys.open(pool, keyEncryptionKey, { migrate: true });
  }, 60_000);
  afterAll(async () => {
    await pool?.end();
    await database?.drop();
  });

  /** Inserts a key for the subject in `writer`'s open transaction, as another process's keysFor does. */
  const insertKey = async (writer: pg.Client, id: string) => {
    const keyId = randomUUID();
    await writer.query(
      `INSERT INTO oversight_data_keys (key_id, subject_kind, subject_id, wrapped_key) VALUES ($1, 'comment', $2, $3)
       ON CONFLICT (subject_kind, subject_id) WHERE wrapped_key IS NOT NULL DO NOTHING`,
      [keyId, id, wrapKey(newDataKey(), keyId, keyEncryptionKey)],
    );
    return keyId;
  };

  /** Resolves once a statement on the database waits for a lock. */
  const someoneWaits = async () => {
    for (let tries = 0; tries < 200; tries += 1) {
      const { rows } = await pool.query<{ waiting: number }>(
        `SELECT count(*)::int AS waiting FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'`,
      );
      if (rows[0]!.waiting > 0) return;
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    throw new Error('No statement came to wait on the other writer');
  };

  it('takes the subjects in one order, so a writer holding the first makes the other wait, not deadlock', async () => {
    // Subjects asked in the order b, a; the other writer takes a, then b.
    const a = `a-${randomUUID()}`;
    const b = `b-${randomUUID()}`;
    const other = new pg.Client({ connectionString: database.url });
    await other.connect();
    try {
      await other.query('BEGIN');
      const otherA = await insertKey(other, a);
      const made = keys.keysFor([
        { kind: 'comment', id: b },
        { kind: 'comment', id: a },
      ]);
      const settled = made.then(
        (value) => ({ value }),
        (error: unknown) => ({ error }),
      );
      await someoneWaits();
      // Had keysFor taken b first, it would now hold b and wait for a: this insert would deadlock.
      const otherB = await insertKey(other, b);
      await other.query('COMMIT');
      const outcome = await settled;
      expect(outcome).not.toHaveProperty('error');
      const found = (outcome as { value: Map<string, { keyId: string }> }).value;
      expect(found.get(`comment:${a}`)?.keyId).toBe(otherA);
      expect(found.get(`comment:${b}`)?.keyId).toBe(otherB);
    } finally {
      await other.query('ROLLBACK').catch(() => undefined);
      await other.end();
    }
  }, 60_000);

  it('leaves one open key per subject when writers make them at once', async () => {
    const subjects = Array.from({ length: 40 }, () => ({ kind: 'comment' as const, id: randomUUID() }));
    const writers = await Promise.all(
      Array.from({ length: 4 }, () => DataKeys.open(pool, keyEncryptionKey, { liveForMs: 0 })),
    );
    const answers = await Promise.all(
      writers.map((writer, n) => writer.keysFor(n % 2 === 0 ? subjects : [...subjects].reverse())),
    );
    const { rows } = await pool.query<{ subject_id: string; keys: number }>(
      `SELECT subject_id, count(*)::int AS keys FROM oversight_data_keys
        WHERE subject_kind = 'comment' AND subject_id = ANY($1) AND wrapped_key IS NOT NULL GROUP BY subject_id`,
      [subjects.map((subject) => subject.id)],
    );
    expect(rows).toHaveLength(subjects.length);
    expect(rows.every((row) => row.keys === 1)).toBe(true);
    for (const subject of subjects) {
      const ids = new Set(answers.map((answer) => answer.get(`comment:${subject.id}`)?.keyId));
      expect(ids.size).toBe(1);
    }
  }, 60_000);

  it('asks after a key held past liveForMs in one statement, and makes a new one only once another process destroyed it', async () => {
    const statements: string[] = [];
    // The pool as the writer sees it, telling each statement it is sent.
    const watched = new Proxy(pool, {
      get: (target, name) =>
        name === 'query'
          ? (text: string | { text: string }, values?: unknown[]) => {
              statements.push(typeof text === 'string' ? text : text.text);
              return target.query(text as string, values);
            }
          : Reflect.get(target, name),
    }) as pg.Pool;
    const writer = await DataKeys.open(watched, keyEncryptionKey, { liveForMs: 0 });
    const other = await DataKeys.open(pool, keyEncryptionKey);
    const subject = { kind: 'comment' as const, id: randomUUID() };
    const first = (await writer.keysFor([subject])).get(`comment:${subject.id}`)!;

    statements.length = 0;
    const again = (await writer.keysFor([subject])).get(`comment:${subject.id}`)!;
    expect(again).toEqual(first);
    expect(statements).toHaveLength(1);
    expect(statements[0]).toMatch(/^SELECT key_id FROM oversight_data_keys WHERE key_id = ANY/);

    await other.destroy(subject, {
      at: new Date(),
      by: 'Auditor',
      reason: 'Erasure request',
      replacement: '[removed]',
    });
    const made = (await writer.keysFor([subject])).get(`comment:${subject.id}`)!;
    expect(made.keyId).not.toBe(first.keyId);
    const { rows } = await pool.query<{ key_id: string; open: boolean }>(
      `SELECT key_id, wrapped_key IS NOT NULL AS open FROM oversight_data_keys WHERE subject_kind = 'comment' AND subject_id = $1`,
      [subject.id],
    );
    expect(new Map(rows.map((row) => [row.key_id, row.open]))).toEqual(
      new Map([
        [first.keyId, false],
        [made.keyId, true],
      ]),
    );
  });
});
