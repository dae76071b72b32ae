import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { BatchingSubscriber, type BatchConsumer } from './batching-subscriber.js';
import type { RecordedEvent } from './event-envelope.js';
import type { EventStore } from './event-store.port.js';
import { embeddedBackend, postgresBackend, type StoreUnderTest } from './testing/event-store-backends.js';

const actor = { id: 'key-1', name: 'Tester', role: 'manager' };
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function eventually(what: string, check: () => boolean | Promise<boolean>): Promise<void> {
  const until = Date.now() + 10_000;
  while (!(await check())) {
    if (Date.now() > until) throw new Error(`Timed out waiting until ${what}`);
    await sleep(10);
  }
}

/** A gate a test holds shut and opens: what awaits it waits until then. */
function gate() {
  let open = () => undefined as void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { opened, open };
}

for (const backend of [embeddedBackend, postgresBackend]) {
  const describeBackend = backend.skipReason ? describe.skip : describe;
  describeBackend(`The batching subscriber on ${backend.name}`, () => {
    let subject: StoreUnderTest;
    let store: EventStore;
    let sql: NonNullable<StoreUnderTest['sql']>;

    beforeAll(async () => {
      subject = await backend.open();
      store = subject.store;
      sql = subject.sql!;
      // What the consumers below do with an event: a row naming it, beside their checkpoints.
      await sql('CREATE TABLE spec_effects (consumer text NOT NULL, position bigint NOT NULL)');
      await sql('CREATE TABLE spec_checkpoints (consumer text PRIMARY KEY, position bigint NOT NULL)');
    });
    afterAll(async () => {
      await subject?.dispose();
    });

    /** Appends `count` events, one append each unless `together`; their positions. */
    async function append(count: number, together = false): Promise<number[]> {
      const streamId = `batching-${randomUUID()}`;
      const events = Array.from({ length: count }, (_, n) => ({ type: 'Happened', data: { n } }));
      const options = { expectedRevision: 'any' as const, actor, origin: 'api' };
      if (together) return (await store.append(streamId, events, options)).recorded!.map((event) => event.position);
      const positions: number[] = [];
      for (const event of events) positions.push((await store.append(streamId, [event], options)).position);
      return positions;
    }

    /**
     * A consumer as the subscriber's contract asks: a batch's effect (a row per event) and its
     * checkpoint in one statement, skipping what the checkpoint has passed (the UPDATE reads the
     * locked checkpoint, so the INSERT sees it as it was, not as the UPDATE leaves it). It starts at the
     * store's head, so it sees only the events its test appends. `hold` is awaited before a batch.
     */
    async function consumer(hold: (batch: RecordedEvent[]) => Promise<void> = async () => undefined) {
      const name = randomUUID();
      await sql('INSERT INTO spec_checkpoints (consumer, position) VALUES ($1, $2)', [
        name,
        await store.headPosition(),
      ]);
      const batches: number[][] = [];
      const failures: { message: string; batch: number[] | null }[] = [];
      let applying = 0;
      let mostAtOnce = 0;
      const checkpoint = async () =>
        Number((await sql('SELECT position FROM spec_checkpoints WHERE consumer = $1', [name])).rows[0].position);
      const of: BatchConsumer = {
        resume: checkpoint,
        async apply(batch) {
          applying++;
          mostAtOnce = Math.max(mostAtOnce, applying);
          try {
            await hold(batch);
            batches.push(batch.map((event) => event.position));
            await sql(
              `WITH checkpoint AS (SELECT position FROM spec_checkpoints WHERE consumer = $1 FOR UPDATE),
                    applied AS (INSERT INTO spec_effects (consumer, position)
                                SELECT $1, p FROM unnest($2::bigint[]) AS p, checkpoint WHERE p > checkpoint.position)
               UPDATE spec_checkpoints AS c SET position = greatest(c.position, $3) FROM checkpoint WHERE c.consumer = $1`,
              [name, batch.map((event) => event.position), batch[batch.length - 1]!.position],
            );
          } finally {
            applying--;
          }
        },
        failed: (error, batch) =>
          failures.push({ message: error.message, batch: batch && batch.map((event) => event.position) }),
      };
      return {
        name,
        of,
        batches,
        failures,
        checkpoint,
        mostAtOnce: () => mostAtOnce,
        /** How many times each position's effect was written, by position. */
        effects: async () =>
          (
            await sql(
              'SELECT position, count(*)::int AS times FROM spec_effects WHERE consumer = $1 GROUP BY position ORDER BY position',
              [name],
            )
          ).rows.map((row: { position: string; times: number }) => [Number(row.position), row.times]),
      };
    }

    const once = (positions: number[]) => positions.map((position) => [position, 1]);

    /** A started subscriber of `batchSize` for `of`, restarting 20 ms after an error; its log lines go to `log`. */
    async function started(of: BatchConsumer, batchSize: number, log: string[] = [], on: EventStore = store) {
      const subscriber = new BatchingSubscriber(on, of, {
        batchSize,
        restartLogPrefix: 'restarting',
        log: (message) => log.push(message),
        retryDelayMs: 20,
      });
      await subscriber.start();
      return subscriber;
    }

    it('applies a batch when it holds batchSize events and whenever it has caught up, in order, each event once', async () => {
      const subject = await consumer();
      const earlier = await append(25, true);
      const subscriber = await started(subject.of, 10);
      try {
        await eventually('the earlier events are applied', async () => (await subject.checkpoint()) === earlier.at(-1));
        const later = await append(3, true);
        await eventually('the later events are applied', async () => (await subject.checkpoint()) === later.at(-1));
        expect(subject.batches).toEqual([earlier.slice(0, 10), earlier.slice(10, 20), earlier.slice(20), later]);
        expect(await subject.effects()).toEqual(once([...earlier, ...later]));
        expect(subject.failures).toEqual([]);
      } finally {
        await subscriber.stop();
      }
    });

    it('never applies two batches at once, even when a read fails while one is being applied', async () => {
      const held = gate();
      let holding = true;
      const subject = await consumer(async () => {
        if (holding) await held.opened;
      });
      // The store's reads fail once, as in a moment's outage, when the test says.
      let failNextRead = false;
      const readFailed = gate();
      const failing = Object.create(store) as EventStore;
      failing.readAll = async (options) => {
        if (!failNextRead) return store.readAll(options);
        failNextRead = false;
        readFailed.open();
        throw new Error('connection terminated');
      };
      const log: string[] = [];
      const subscriber = await started(subject.of, 10, log, failing);
      try {
        const first = await append(3);
        await eventually('a batch is being applied', () => subject.mostAtOnce() === 1);
        failNextRead = true;
        await readFailed.opened;
        // The restart is due after 20 ms; more events meanwhile, which it must not apply beside the held batch.
        const more = await append(4);
        await sleep(200);
        holding = false;
        held.open();
        await eventually('every event is applied', async () => (await subject.checkpoint()) === more.at(-1));
        expect(subject.mostAtOnce()).toBe(1);
        expect(log).toEqual(['restarting: connection terminated']);
        expect(await subject.effects()).toEqual(once([...first, ...more]));
      } finally {
        held.open();
        await subscriber.stop();
      }
    });

    it('restarts a batch that failed part-way from the stored checkpoint, losing and repeating nothing', async () => {
      const subject = await consumer();
      const positions = await append(10, true);
      // The database refuses one event's row until the cause is put right: the statement writes nothing of its batch.
      await sql(`ALTER TABLE spec_effects ADD CONSTRAINT spec_refused CHECK (position <> ${positions[5]})`);
      const log: string[] = [];
      const subscriber = await started(subject.of, 4, log);
      try {
        await eventually('the batch has failed twice', () => subject.failures.filter((f) => f.batch).length >= 2);
        expect(await subject.checkpoint()).toBe(positions[3]);
        expect(await subject.effects()).toEqual(once(positions.slice(0, 4)));
        await sql('ALTER TABLE spec_effects DROP CONSTRAINT spec_refused');
        await eventually('every event is applied', async () => (await subject.checkpoint()) === positions.at(-1));
      } finally {
        await subscriber.stop();
      }
      // Each retry began at the event after the checkpoint, with the same batch.
      const failedBatches = subject.failures.filter((failure) => failure.batch).map((failure) => failure.batch);
      expect(failedBatches.length).toBeGreaterThanOrEqual(2);
      for (const batch of failedBatches) expect(batch).toEqual(positions.slice(4, 8));
      expect(log[0]).toMatch(/^restarting: .*spec_refused/);
      expect(await subject.effects()).toEqual(once(positions));
    });

    it('after an error that follows a commit (the answer lost), goes on after what was committed', async () => {
      const subject = await consumer();
      const positions = await append(9, true);
      let lost = false;
      const apply = subject.of.apply;
      subject.of.apply = async (batch) => {
        await apply(batch);
        if (!lost && batch[0]!.position === positions[3]) {
          lost = true;
          throw new Error('the connection dropped before the answer');
        }
      };
      const subscriber = await started(subject.of, 3);
      try {
        await eventually('every event is applied', async () => (await subject.checkpoint()) === positions.at(-1));
      } finally {
        await subscriber.stop();
      }
      expect(subject.batches).toEqual([positions.slice(0, 3), positions.slice(3, 6), positions.slice(6)]);
      expect(await subject.effects()).toEqual(once(positions));
    });

    it('stop waits for the batch being applied, and nothing is applied after it', async () => {
      const held = gate();
      const subject = await consumer(() => held.opened);
      const subscriber = await started(subject.of, 10);
      const first = await append(2, true);
      await eventually('a batch is being applied', () => subject.mostAtOnce() === 1);
      let stopped = false;
      const stopping = subscriber.stop().then(() => (stopped = true));
      await sleep(100);
      expect(stopped).toBe(false);
      held.open();
      await stopping;
      expect(await subject.checkpoint()).toBe(first.at(-1));
      await append(2, true);
      await sleep(200);
      expect(subject.batches).toEqual([first]);
      expect(await subject.effects()).toEqual(once(first));
    });
  });
}
