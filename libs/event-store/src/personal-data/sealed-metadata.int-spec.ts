import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type pg from 'pg';
import type { RecordedEvent } from '../event-envelope.js';
import { ANY, NO_STREAM, type AppendOptions, type EventStore } from '../event-store.port.js';
import { PostgresEventStore } from '../postgres/postgres-event-store.js';
import { migratedPool } from '../testing/event-store-backends.js';
import { storeKindsUnderTest } from '../testing/stores-under-test.js';
import { verifyEventStore } from '../verify/verify-event-store.js';
import { DataKeys } from './data-keys.js';
import { PersonalDataEventStore } from './personal-data-event-store.js';
import { newDataKey, removedMarker } from './sealed-text.js';

/**
 * The envelope's personal words (a reason; an import's file and sheet) sealed before the store
 * hashes the event, on both PostgreSQL stores: sealed as stored, opened on every read, events
 * stored before sealing read and hashed as they were, and each key's destruction removing exactly
 * the words it sealed.
 */
const manager = { id: 'key-1', name: 'Rachel Green', role: 'manager' };
const CANARY_REASON = 'Canary-Reason Child J moved to Leeds';
const CANARY_FILE = 'Canary-File Child K audit.xlsx';
const CANARY_SHEET = 'Canary-Sheet Child K';
const api = (overrides: Partial<AppendOptions> = {}): AppendOptions => ({
  expectedRevision: ANY,
  actor: manager,
  origin: 'api',
  ...overrides,
});

for (const { kind, skipReason: skip } of storeKindsUnderTest()) {
  const describeKind = skip ? describe.skip : describe;
  if (skip) console.warn(`Sealed metadata on ${kind} skipped: ${skip}`);

  describeKind(`Sealed reasons and import origins: ${kind}`, () => {
    let pool: pg.Pool;
    let dispose: () => Promise<void>;
    let inner: PostgresEventStore;
    let keys: DataKeys;
    let store: EventStore;
    const stream = (name: string) => `${name}-${randomUUID()}`;
    const allColumns = async (streamId: string) =>
      JSON.stringify((await pool.query('SELECT * FROM oversight_events WHERE stream_id = $1', [streamId])).rows);
    const replacement = removedMarker(new Date('2026-12-05T10:00:00Z'), 'Ada Admin', 'entered in error');
    const destruction = {
      at: new Date('2026-12-05T10:00:00Z'),
      by: 'Ada Admin',
      reason: 'entered in error',
      replacement,
    };

    beforeAll(async () => {
      ({ pool, dispose } = await migratedPool(kind));
      inner = await PostgresEventStore.open(pool, { backend: kind, pollIntervalMs: 20, listen: false });
      // Trusted for no time, as a second process destroying a key would be seen at once.
      keys = await DataKeys.open(pool, newDataKey(), { liveForMs: 0 });
      store = new PersonalDataEventStore(inner, keys);
    });

    afterAll(async () => {
      await inner.close();
      await dispose();
    });

    it('stores a reason sealed before hashing, opens it on every read, and gives the append its words back', async () => {
      const id = stream('action');
      const appended = await store.append(id, [{ type: 'RagStatusChanged', data: { from: null, to: 'red' } }], {
        ...api({ expectedRevision: NO_STREAM }),
        reason: CANARY_REASON,
      });
      expect(appended.recorded?.[0]?.metadata.reason).toBe(CANARY_REASON);
      expect(await allColumns(id)).not.toContain('Canary-Reason');
      const [stored] = await inner.readStream(id);
      expect(stored!.metadata.reason).toMatch(/^sealed:v1:[0-9a-f-]{36}:/);
      const [read] = await store.readStream(id);
      expect(read!.metadata.reason).toBe(CANARY_REASON);
      // The hash is the stored event's: over the sealed reason, so verify needs no key.
      expect(read!.hash).toBe(stored!.hash);
      const page = await store.readAll({ after: stored!.position - 1, maxCount: 1 });
      expect(page.events[0]!.metadata.reason).toBe(CANARY_REASON);
      const summaries = await store.readAllSummaries!({ after: stored!.position - 1, maxCount: 1 });
      expect(summaries.events[0]!.metadata.reason).toBe(CANARY_REASON);
      // A summary carries a reason only where it is sealed: a plain one is copied as it is in SQL.
      expect((await inner.readAllSummaries({ after: stored!.position - 1, maxCount: 1 })).events[0]!.metadata).toEqual(
        expect.objectContaining({ reason: stored!.metadata.reason }),
      );
    });

    it("seals an import's file and sheet under one key per import, keeping import: and the row readable, and its reason with it", async () => {
      const commandId = `import:${randomUUID()}:key-1`;
      const streams = [stream('action'), stream('action')];
      // 120 events: on a server, an append of 100 or more goes by COPY.
      const result = await store.appendMany(
        streams.map((streamId, s) => ({
          streamId,
          expectedRevision: NO_STREAM,
          events: Array.from({ length: 60 }, (_, n) => ({
            type: 'CommentAdded',
            data: { commentId: randomUUID(), text: `comment ${s}.${n}` },
            origin: `import:${CANARY_FILE}#${CANARY_SHEET}!${n + 2}`,
          })),
        })),
        { actor: manager, origin: `import:${CANARY_FILE}`, reason: `Imported from ${CANARY_FILE}`, commandId },
      );
      expect(result.duplicate).toBe(false);
      for (const streamId of streams) expect(await allColumns(streamId)).not.toMatch(/Canary-(File|Sheet)/);
      const stored = await inner.readStream(streams[0]!);
      expect(stored[0]!.metadata.origin).toMatch(/^import:sealed:v1:[^!]+!2$/);
      // The same words under the same key seal to the same text: one ciphertext for the import's file.
      expect(new Set(stored.map((event) => event.metadata.origin.replace(/!\d+$/, ''))).size).toBe(1);
      expect(new Set(stored.map((event) => event.metadata.reason)).size).toBe(1);
      const { rows } = await pool.query<{ n: number }>(
        "SELECT count(*)::int AS n FROM oversight_data_keys WHERE subject_kind = 'import' AND subject_id = $1",
        [commandId],
      );
      expect(rows[0]!.n).toBe(1);
      const read = await store.readStream(streams[0]!);
      expect(read[0]!.metadata.origin).toBe(`import:${CANARY_FILE}#${CANARY_SHEET}!2`);
      expect(read[59]!.metadata.origin).toBe(`import:${CANARY_FILE}#${CANARY_SHEET}!61`);
      expect(read[0]!.metadata.reason).toBe(`Imported from ${CANARY_FILE}`);

      // Destroying the import's key removes its file name from every event of it, reason and origin.
      await keys.destroy({ kind: 'import', id: commandId }, destruction);
      const removed = await store.readStream(streams[1]!);
      expect(removed[0]!.metadata.origin).toBe(`import:${replacement}!2`);
      expect(removed[0]!.metadata.reason).toBe(replacement);
      // The comments' own words are under their own keys: they stay.
      expect(removed[0]!.data.text).toBe('comment 1.0');
      expect((await verifyEventStore(inner)).firstBroken).toBeNull();
    });

    it("removes a comment's reason with the comment, and a stream's other reasons with its reasons key", async () => {
      const id = stream('action');
      const commentId = randomUUID();
      await store.append(id, [{ type: 'RagStatusChanged', data: { from: null, to: 'red' } }], {
        ...api({ expectedRevision: NO_STREAM }),
        reason: 'Status reason',
      });
      await store.append(id, [{ type: 'CommentAdded', data: { commentId, text: 'Child J was placed' } }], {
        ...api(),
        reason: 'Comment reason',
      });
      await store.append(id, [{ type: 'DueDateChanged', data: { from: null, to: { kind: 'text', text: 'May' } } }], {
        ...api(),
        reason: 'Due reason',
      });
      const reasons = (events: RecordedEvent[]) => events.map((event) => event.metadata.reason);
      expect(reasons(await store.readStream(id))).toEqual(['Status reason', 'Comment reason', 'Due reason']);
      // Two keys: the stream's reasons, and the comment's (its text and its reason).
      const subjects = await pool.query<{ subject_kind: string }>(
        'SELECT subject_kind FROM oversight_data_keys WHERE subject_id IN ($1, $2) ORDER BY subject_kind',
        [id, commentId],
      );
      expect(subjects.rows.map((row) => row.subject_kind)).toEqual(['comment', 'reasons']);

      await keys.destroy({ kind: 'comment', id: commentId }, destruction);
      const afterComment = await store.readStream(id);
      expect(reasons(afterComment)).toEqual(['Status reason', replacement, 'Due reason']);
      expect(afterComment[1]!.data.text).toBe(replacement);

      await keys.destroy({ kind: 'reasons', id }, destruction);
      expect(reasons(await store.readStream(id))).toEqual([replacement, replacement, replacement]);
      // A reason given afterwards is sealed under a new key of the stream's.
      await store.append(id, [{ type: 'RagStatusChanged', data: { from: 'red', to: 'amber' } }], {
        ...api(),
        reason: 'Later reason',
      });
      expect(reasons(await store.readStream(id))[3]).toBe('Later reason');
      expect((await verifyEventStore(inner)).firstBroken).toBeNull();
    });

    it('reads and hashes events stored before sealing began as they were, and verify passes with both kinds', async () => {
      const id = stream('action');
      // As a store before this change wrote them: plain reason, plain import origin.
      const old = await inner.append(
        id,
        [
          { type: 'RagStatusChanged', data: { from: null, to: 'red' }, origin: 'import:old plan.xlsx#Plan!7' },
          { type: 'RagStatusChanged', data: { from: 'red', to: 'amber' } },
        ],
        { ...api({ expectedRevision: NO_STREAM }), reason: 'Plain old reason', commandId: `old-${randomUUID()}` },
      );
      const before = await inner.readStream(id);
      expect(before.map((event) => event.metadata.reason)).toEqual(['Plain old reason', 'Plain old reason']);
      await store.append(id, [{ type: 'RagStatusChanged', data: { from: 'amber', to: 'green' } }], {
        ...api({ expectedRevision: old.nextExpectedRevision }),
        reason: 'New sealed reason',
      });
      const read = await store.readStream(id);
      expect(read.map((event) => event.metadata.reason)).toEqual([
        'Plain old reason',
        'Plain old reason',
        'New sealed reason',
      ]);
      expect(read[0]!.metadata.origin).toBe('import:old plan.xlsx#Plan!7');
      // The old events are as stored, hash and all; the new one chains on from them.
      expect(read.slice(0, 2)).toEqual(before);
      expect((await inner.readStream(id))[2]!.metadata.reason).toMatch(/^sealed:v1:/);
      expect((await verifyEventStore(inner)).firstBroken).toBeNull();

      // A plain reason of a record since removed reads as the removal's words (its key's tombstone);
      // the first event's is an import's, under the import's key, and stays.
      await keys.destroy({ kind: 'reasons', id }, destruction);
      expect((await store.readStream(id)).map((event) => event.metadata.reason)).toEqual([
        'Plain old reason',
        replacement,
        replacement,
      ]);
    });

    it('refuses a reason the database cannot hold before sealing hides it', async () => {
      await expect(
        store.append(stream('action'), [{ type: 'RagStatusChanged', data: { to: 'red' } }], {
          ...api(),
          reason: 'nul \u0000 here',
        }),
      ).rejects.toThrow(/NUL/);
    });
  });
}
