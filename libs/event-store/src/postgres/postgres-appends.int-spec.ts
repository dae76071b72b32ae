import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import type pg from 'pg';
import { InvalidEventError, WrongExpectedRevisionError } from '../event-store.errors.js';
import { ANY, NO_STREAM, type AppendOptions } from '../event-store.port.js';
import type { PreparedEvent } from '../prepare-append.js';
import { migratedPool } from '../testing/event-store-backends.js';
import { storeKindsUnderTest } from '../testing/stores-under-test.js';
import { createPool } from './create-pool.js';
import { PostgresAppends, type WriteWatcher } from './postgres-appends.js';
import { PostgresReads } from './postgres-reads.js';

const api = (overrides: Partial<AppendOptions> = {}): AppendOptions => ({
  expectedRevision: ANY,
  actor: { id: 'k', name: 'Appender', role: 'manager' },
  origin: 'api',
  ...overrides,
});
const stream = (name: string) => `${name}-${randomUUID()}`;
const ticks = (count: number) => Array.from({ length: count }, (_, n) => ({ type: 'Ticked', data: { n } }));

/** What live delivery would hear of each write, in order. */
function recordingWatcher() {
  const heard: ({ write: 'started' | 'failed' } | { write: 'committed'; events: PreparedEvent[]; first: number })[] =
    [];
  const watcher: WriteWatcher = {
    writeStarted: () => void heard.push({ write: 'started' }),
    writeCommitted: (events, first) => void heard.push({ write: 'committed', events: [...events], first }),
    writeFailed: () => void heard.push({ write: 'failed' }),
  };
  return { watcher, heard, writes: () => heard.map((entry) => entry.write) };
}

const backends = storeKindsUnderTest();

for (const backend of backends) {
  const describeBackend = backend.skipReason ? describe.skip : describe;
  if (backend.skipReason)
    console.warn(`PostgreSQL appends on the ${backend.kind} store skipped: ${backend.skipReason}`);

  describeBackend(`PostgreSQL appends on the ${backend.kind} store`, () => {
    let database: Awaited<ReturnType<typeof migratedPool>>;
    let pool: pg.Pool;
    let reads: PostgresReads;
    beforeAll(async () => {
      database = await migratedPool(backend.kind);
      pool = database.pool;
      reads = new PostgresReads(pool);
    });
    afterAll(async () => {
      await database?.dispose();
    });

    it('tells the watcher of a write as it leaves and as it commits, with the positions the append answers', async () => {
      const { watcher, heard, writes } = recordingWatcher();
      const appends = new PostgresAppends(pool, backend.kind, 100, watcher);
      const result = await appends.append(stream('told'), ticks(2), api());
      expect(writes()).toEqual(['started', 'committed']);
      const committed = heard[1] as { events: PreparedEvent[]; first: number };
      expect(committed.first).toBe(result.position - 1);
      expect(committed.events.map((event, n) => ({ ...event, position: committed.first + n }))).toEqual(
        result.recorded,
      );
    });

    it('retries a write that lost the race on a head it was given, telling the watcher of both, and chains to the real head', async () => {
      const { watcher, writes } = recordingWatcher();
      const appends = new PostgresAppends(pool, backend.kind, 100, watcher);
      const id = stream('raced');
      const first = await appends.append(id, ticks(1), api());
      await appends.append(id, ticks(1), api());
      // The caller read the head before the second append: with ANY, the append retries on the real head.
      const stale = first.recorded![0]!;
      const result = await appends.append(
        id,
        ticks(1),
        api({ knownHead: { revision: stale.revision, hash: stale.hash, recordedAt: stale.metadata.recordedAt } }),
      );
      expect(result.nextExpectedRevision).toBe(2);
      expect(writes()).toEqual([
        'started',
        'committed',
        'started',
        'committed',
        'started',
        'failed',
        'started',
        'committed',
      ]);
      expect((await reads.readStream(id)).map((event) => event.revision)).toEqual([0, 1, 2]);
    });

    it('refuses a stale expected revision that the write finds on a head it was given, without retrying', async () => {
      const { watcher, writes } = recordingWatcher();
      const appends = new PostgresAppends(pool, backend.kind, 100, watcher);
      const id = stream('stale');
      const first = await appends.append(id, ticks(1), api());
      await appends.append(id, ticks(1), api());
      const stale = first.recorded![0]!;
      const refused = appends.append(
        id,
        ticks(1),
        api({
          expectedRevision: 0,
          knownHead: { revision: 0, hash: stale.hash, recordedAt: stale.metadata.recordedAt },
        }),
      );
      await expect(refused).rejects.toThrow(WrongExpectedRevisionError);
      expect(writes()).toEqual(['started', 'committed', 'started', 'committed', 'started', 'failed']);
    });

    it('answers a repeated command id with the first result, and neither writes nor tells the watcher of anything', async () => {
      const { watcher, writes } = recordingWatcher();
      const appends = new PostgresAppends(pool, backend.kind, 100, watcher);
      const commandId = randomUUID();
      const once = await appends.append(stream('command'), ticks(1), api({ commandId }));
      const again = await appends.append(stream('command'), ticks(1), api({ commandId }));
      expect(again).toEqual({
        nextExpectedRevision: once.nextExpectedRevision,
        position: once.position,
        duplicate: true,
      });
      const many = await appends.appendMany(
        [{ streamId: stream('command'), events: ticks(1), expectedRevision: NO_STREAM }],
        api({ commandId }),
      );
      expect(many).toMatchObject({ position: once.position, duplicate: true });
      expect(writes()).toEqual(['started', 'committed']);
    });

    it('prepares the one-event append once a connection on a server, and reuses it; the embedded store gets it unnamed', async () => {
      // One connection, so the statements it prepared are the ones the view shows.
      const single = backend.kind === 'embedded' ? pool : createPool({ connectionString: database.url, max: 1 });
      try {
        const appends = new PostgresAppends(single, backend.kind, 100, recordingWatcher().watcher);
        for (let n = 0; n < 3; n++)
          await appends.append(stream('prepared'), ticks(1), api({ expectedRevision: NO_STREAM }));
        const { rows } = await single.query<{ name: string; executions: number }>(
          `SELECT name, (generic_plans + custom_plans)::int AS executions FROM pg_prepared_statements WHERE name = 'oversight_append_one'`,
        );
        expect(rows).toEqual(backend.kind === 'postgres' ? [{ name: 'oversight_append_one', executions: 3 }] : []);
      } finally {
        if (single !== pool) await single.end();
      }
    });

    it('refuses a wrong expected revision and text PostgreSQL cannot hold before any write', async () => {
      const { watcher, writes } = recordingWatcher();
      const appends = new PostgresAppends(pool, backend.kind, 100, watcher);
      const id = stream('refused');
      await expect(appends.append(id, ticks(1), api({ expectedRevision: 3 }))).rejects.toThrow(
        WrongExpectedRevisionError,
      );
      await expect(appends.append(id, ticks(1), api({ reason: 'nul \u0000' }))).rejects.toThrow(InvalidEventError);
      await expect(
        appends.appendMany(
          [{ streamId: id, events: [{ type: 'half \ud800', data: {} }], expectedRevision: NO_STREAM }],
          api(),
        ),
      ).rejects.toThrow(InvalidEventError);
      expect(writes()).toEqual([]);
      expect(await reads.readStream(id)).toEqual([]);
    });

    it(
      backend.kind === 'postgres'
        ? 'writes by COPY from copyFromEvents events on, and in one statement below'
        : 'never writes by COPY, whatever copyFromEvents says',
      async () => {
        const { watcher, writes } = recordingWatcher();
        const appends = new PostgresAppends(pool, backend.kind, 3, watcher);
        const statements = jest.spyOn(pool, 'query');
        const byStatement = () =>
          statements.mock.calls.filter(([query]) => typeof query === 'string' && query.includes('oversight_append('))
            .length;
        try {
          const small = await appends.append(stream('small'), ticks(2), api());
          expect(byStatement()).toBe(1);
          const large = await appends.append(stream('large'), ticks(3), api());
          expect(byStatement()).toBe(backend.kind === 'postgres' ? 1 : 2);
          expect(writes()).toEqual(['started', 'committed', 'started', 'committed']);
          expect(await reads.readStream(large.recorded![0]!.streamId)).toEqual(large.recorded);
          expect(await reads.readStream(small.recorded![0]!.streamId)).toEqual(small.recorded);
        } finally {
          statements.mockRestore();
        }
      },
    );

    it(
      backend.kind === 'postgres'
        ? 'groups single-event appends beyond appendsInFlight into one commit, and gives each of a refused group its own answer'
        : 'sends every single-event append alone, whatever appendsInFlight says',
      async () => {
        const { watcher, heard } = recordingWatcher();
        const appends = new PostgresAppends(pool, backend.kind, 100, watcher, 1);
        type Appended = Awaited<ReturnType<typeof appends.append>>;
        const headOf = (result: Appended) => {
          const event = result.recorded![0]!;
          return { revision: event.revision, hash: event.hash, recordedAt: event.metadata.recordedAt };
        };
        const rowsOf = async (ids: string[]) =>
          (
            await pool.query<{ stream_id: string; revision: string; position: string; tx: string }>(
              `SELECT stream_id, revision::text, position::text, transaction_id::text AS tx FROM oversight_events
                WHERE stream_id = ANY($1) ORDER BY position`,
              [ids],
            )
          ).rows;

        // Twelve new streams at once: beyond the first, they wait and go together.
        const created = await Promise.all(
          Array.from({ length: 12 }, () =>
            appends.append(stream('grouped'), ticks(1), api({ expectedRevision: NO_STREAM })),
          ),
        );
        const ids = created.map((result) => result.recorded![0]!.streamId);
        const first = await rowsOf(ids);
        expect(first.map((row) => row.stream_id).sort()).toEqual([...ids].sort());
        const commits = new Set(first.map((row) => row.tx)).size;
        if (backend.kind === 'postgres') expect(commits).toBeLessThan(ids.length);
        else expect(commits).toBe(ids.length);
        for (const result of created)
          expect(await reads.readStream(result.recorded![0]!.streamId)).toEqual(result.recorded);
        // The watcher heard each append's own commit at its own position.
        const committed = heard.filter((entry) => entry.write === 'committed') as {
          events: PreparedEvent[];
          first: number;
        }[];
        for (const result of created)
          expect(committed).toContainEqual(
            expect.objectContaining({
              first: result.position,
              events: [expect.objectContaining({ streamId: result.recorded![0]!.streamId })],
            }),
          );

        // Then stream 0 moves on, so the head given for it below is out of date, and stream 2's
        // append repeats the command of stream 1's: the group they are in is refused, and each of
        // its appends is answered as it would have been alone.
        await appends.append(ids[0]!, ticks(1), api({ expectedRevision: 0 }));
        const repeated = await appends.append(ids[1]!, ticks(1), api({ expectedRevision: 0, commandId: randomUUID() }));
        const burst = await Promise.allSettled(
          ids.map((id, n) =>
            appends.append(
              id,
              ticks(1),
              api({
                expectedRevision: n === 1 ? 1 : 0,
                knownHead: n === 1 ? headOf(repeated) : headOf(created[n]!),
                ...(n === 2 ? { commandId: repeated.recorded![0]!.metadata.commandId! } : {}),
              }),
            ),
          ),
        );
        expect(burst[0]).toMatchObject({ status: 'rejected', reason: expect.any(WrongExpectedRevisionError) });
        expect(burst[2]).toMatchObject({
          status: 'fulfilled',
          value: { duplicate: true, position: repeated.position, nextExpectedRevision: 1 },
        });
        const after = await rowsOf(ids);
        const revisions = (id: string) => after.filter((row) => row.stream_id === id).map((row) => row.revision);
        expect(revisions(ids[0]!)).toEqual(['0', '1']);
        expect(revisions(ids[1]!)).toEqual(['0', '1', '2']);
        expect(revisions(ids[2]!)).toEqual(['0']);
        burst.forEach((outcome, n) => {
          if (n === 0 || n === 2) return;
          expect(outcome.status).toBe('fulfilled');
          const event = (outcome as PromiseFulfilledResult<Appended>).value.recorded![0]!;
          expect(revisions(ids[n]!)).toEqual(n === 1 ? ['0', '1', '2'] : ['0', '1']);
          expect(after).toContainEqual(
            expect.objectContaining({ stream_id: event.streamId, position: String(event.position) }),
          );
        });
      },
    );
  });
}
