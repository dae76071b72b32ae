import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import pg from 'pg';
import { ANY, type AppendOptions } from '../event-store.port.js';
import { migratedPool } from '../testing/event-store-backends.js';
import { storeKindsUnderTest } from '../testing/stores-under-test.js';
import { PostgresAppends, type WriteWatcher } from './postgres-appends.js';
import { PostgresReads } from './postgres-reads.js';

const api: AppendOptions = {
  expectedRevision: ANY,
  actor: { id: 'k', name: 'Reader', role: 'manager' },
  origin: 'api',
};
const stream = (name: string) => `${name}-${randomUUID()}`;
const ticks = (count: number) => Array.from({ length: count }, (_, n) => ({ type: 'Ticked', data: { n } }));
const unwatched: WriteWatcher = {
  writeStarted: () => undefined,
  writeCommitted: () => undefined,
  writeFailed: () => undefined,
};

const backends = storeKindsUnderTest();

for (const backend of backends) {
  const describeBackend = backend.skipReason ? describe.skip : describe;
  if (backend.skipReason) console.warn(`PostgreSQL reads on the ${backend.kind} store skipped: ${backend.skipReason}`);

  describeBackend(`PostgreSQL reads on the ${backend.kind} store`, () => {
    let database: Awaited<ReturnType<typeof migratedPool>>;
    let reads: PostgresReads;
    let appends: PostgresAppends;
    beforeAll(async () => {
      database = await migratedPool(backend.kind);
      reads = new PostgresReads(database.pool);
      appends = new PostgresAppends(database.pool, backend.kind, 100, unwatched);
    });
    afterAll(async () => {
      await database?.dispose();
    });

    it('reads a stream from a revision, up to a count, and up to a recorded time', async () => {
      const id = stream('stream');
      const early = await appends.append(id, ticks(2), api);
      await new Promise((resolve) => setTimeout(resolve, 5));
      const late = await appends.append(id, ticks(2), api);
      expect(await reads.readStream(id)).toEqual([...early.recorded!, ...late.recorded!]);
      expect((await reads.readStream(id, { fromRevision: 1, maxCount: 2 })).map((event) => event.revision)).toEqual([
        1, 2,
      ]);
      expect(await reads.readStream(id, { recordedUpTo: early.recorded![0]!.metadata.recordedAt })).toEqual(
        early.recorded,
      );
    });

    it('pages through every stream in global order, full pages not at the end, and summaries page for page', async () => {
      const start = await reads.headPosition();
      const one = await appends.append(stream('one'), ticks(3), api);
      const two = await appends.append(stream('two'), ticks(2), api);
      const all = [...one.recorded!, ...two.recorded!];
      const first = await reads.readAll({ after: start, maxCount: 3 });
      expect(first).toEqual({ events: all.slice(0, 3), lastPosition: one.position, isEnd: false });
      const second = await reads.readAll({ after: first.lastPosition, maxCount: 3 });
      expect(second).toEqual({ events: all.slice(3), lastPosition: two.position, isEnd: true });
      expect(await reads.readAll({ after: second.lastPosition })).toEqual({
        events: [],
        lastPosition: second.lastPosition,
        isEnd: true,
      });
      const summaries = await reads.readAllSummaries({ after: start, maxCount: 3 });
      expect(summaries.lastPosition).toBe(first.lastPosition);
      expect(summaries.events).toEqual(
        first.events.map(({ hash: _hash, metadata, ...event }) => ({
          ...event,
          metadata: { recordedAt: metadata.recordedAt, effectiveAt: metadata.effectiveAt },
        })),
      );
    });

    it('lists each stream once, in the order of its first event, and gives the last position as the head', async () => {
      const first = stream('first');
      const second = stream('second');
      await appends.append(first, ticks(1), api);
      await appends.append(second, ticks(1), api);
      const last = await appends.append(first, ticks(1), api);
      const listed: string[] = [];
      for await (const id of reads.listStreams()) listed.push(id);
      expect(listed.filter((id) => id === first || id === second)).toEqual([first, second]);
      expect(await reads.headPosition()).toBe(last.position);
      await expect(reads.ping()).resolves.toBeUndefined();
    });

    // Only on the server: PGlite runs one transaction at a time, so no position there is ever in flight behind a commit.
    if (backend.kind === 'postgres')
      it('stops a page before a position a transaction in progress holds, and passes it once that transaction rolls back', async () => {
        const start = await reads.headPosition();
        const inFlight = new pg.Client(database.pool.options);
        await inFlight.connect();
        try {
          await inFlight.query('BEGIN');
          await inFlight.query('SELECT oversight_reserve_positions(1)');
          const after = await appends.append(stream('after'), ticks(1), api);
          expect(after.position).toBe(start + 2);
          expect(await reads.readAll({ after: start })).toEqual({ events: [], lastPosition: start, isEnd: true });
          await inFlight.query('ROLLBACK');
          expect((await reads.readAll({ after: start })).events).toEqual(after.recorded);
        } finally {
          await inFlight.end();
        }
      });
  });
}
