import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import pg from 'pg';
import type { RecordedEvent } from '../event-envelope.js';
import type { Subscription } from '../event-store.port.js';
import { createTestDatabase } from '../testing/test-databases.js';
import { createPool } from './create-pool.js';
import { PostgresEventStore } from './postgres-event-store.js';

/**
 * Subscriptions are woken when an append commits, not by a NOTIFY inside the append's transaction
 * (PostgreSQL commits notifying transactions one at a time): the appending store wakes its own
 * at once and other processes' with a NOTIFY after the commit. Every store here polls once a
 * minute, so a delivery within seconds can only come from a wake. (The embedded store's
 * subscriptions only poll: see live-delivery.ts.)
 */
const NEVER_POLLS = { pollIntervalMs: 60_000 };
const WITHIN_MS = 3_000;
const api = {
  expectedRevision: 'any' as const,
  actor: { id: 'k', name: 'Waker', role: 'manager' },
  origin: 'api' as const,
};
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Events delivered to a subscription from the head on, and a wait for the next ones. */
function follow(
  store: PostgresEventStore,
  after: number,
): { delivered: RecordedEvent[]; subscription: Subscription; until(count: number): Promise<void> } {
  const delivered: RecordedEvent[] = [];
  const subscription = store.subscribeToAll({ after, onEvent: async (event) => void delivered.push(event) });
  const until = async (count: number) => {
    const deadline = Date.now() + WITHIN_MS;
    while (delivered.length < count) {
      if (Date.now() > deadline)
        throw new Error(`${delivered.length} of ${count} events delivered within ${WITHIN_MS} ms`);
      await sleep(5);
    }
  };
  return { delivered, subscription, until };
}

/** A subscription from the store's head on, once caught up, and how many reads it has made since. */
async function followCountingReads(store: PostgresEventStore) {
  const head = await store.headPosition();
  const reads = jest.spyOn(store, 'readAll');
  const own = follow(store, head);
  await sleep(50);
  const caughtUp = reads.mock.calls.length;
  return { head, own, readsSince: () => reads.mock.calls.length - caughtUp };
}

const describeServer = process.env.DATABASE_URL ? describe : describe.skip;
if (!process.env.DATABASE_URL)
  console.warn(
    'Waking subscriptions on the PostgreSQL server skipped: DATABASE_URL is not set (CI sets it to the local server)',
  );

describeServer('Waking subscriptions on the PostgreSQL server', () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  const pools: pg.Pool[] = [];
  const stores: PostgresEventStore[] = [];
  /** A store on a pool of its own, as another process would have. */
  const open = async (listen: boolean) => {
    const pool = createPool({ connectionString: database.url, max: 4 });
    pools.push(pool);
    const store = await PostgresEventStore.open(pool, { backend: 'postgres', listen, ...NEVER_POLLS });
    stores.push(store);
    return store;
  };
  beforeAll(async () => {
    database = await createTestDatabase(process.env.DATABASE_URL!);
  });
  afterAll(async () => {
    for (const store of stores) await store.close();
    for (const pool of pools) await pool.end();
    await database?.drop();
  });

  it("wakes the store's own subscriptions at once, and another process's by a NOTIFY after the commit", async () => {
    const writer = await open(false);
    const reader = await open(true);
    const head = await writer.headPosition();
    const own = follow(writer, head);
    const other = follow(reader, head);
    await sleep(50);
    for (let n = 0; n < 5; n++) await writer.append(`wake-${randomUUID()}`, [{ type: 'Ticked', data: { n } }], api);
    await own.until(5);
    await other.until(5);
    // Appends close together share NOTIFYs, and the last is always told.
    await writer.append(`wake-${randomUUID()}`, [{ type: 'Ticked', data: { n: 5 } }], api);
    await other.until(6);
    await own.subscription.stop();
    await other.subscription.stop();
    expect(other.delivered).toEqual(own.delivered);
  });

  it('commits an append without notifying inside its transaction', async () => {
    const store = await open(false);
    const listener = new pg.Client({ connectionString: database.url });
    await listener.connect();
    try {
      const heard: string[] = [];
      listener.on('notification', (message) => heard.push(message.payload ?? ''));
      await listener.query('LISTEN oversight_events');
      const streamId = `quiet-${randomUUID()}`;
      // One reading of the clock for both times: read twice, a millisecond may pass between them,
      // and an effective time after the recorded one is refused (oversight_events_check).
      const now = new Date().toISOString();
      const envelope = {
        streamId,
        revision: 0,
        eventId: randomUUID(),
        type: 'Ticked',
        schemaVersion: 1,
        data: {},
        actorId: 'k',
        actorName: 'Quiet',
        actorRole: 'manager',
        recordedAt: now,
        effectiveAt: now,
        reason: null,
        commandId: null,
        correlationId: randomUUID(),
        causationId: null,
        origin: 'api',
        hash: 'not checked here',
      };
      // The statement an append sends, on its own: nothing but the store's own announce may notify.
      await pools[pools.length - 1]!.query('SELECT oversight_append($1::jsonb, NULL, $2::jsonb)', [
        JSON.stringify([envelope]),
        '[]',
      ]);
      expect((await store.readStream(streamId)).map((event) => event.type)).toEqual(['Ticked']);
      await sleep(300);
      expect(heard).toEqual([]);
      // The store's append is heard, once its commit is done.
      const { position } = await store.append(streamId, [{ type: 'Tocked', data: {} }], api);
      const deadline = Date.now() + WITHIN_MS;
      while (!heard.includes(String(position)) && Date.now() < deadline) await sleep(5);
      expect(heard).toEqual([String(position)]);
    } finally {
      await listener.end();
    }
  });

  it('hands its own appends to its subscriptions without reading them back, and reads what another process wrote in between', async () => {
    const writer = await open(false);
    const elsewhere = await open(false);
    const { head, own, readsSince } = await followCountingReads(writer);
    for (let n = 0; n < 5; n++) {
      await writer.append(
        `handed-${randomUUID()}`,
        [
          { type: 'Ticked', data: { n } },
          { type: 'Tocked', data: { n } },
        ],
        api,
      );
      await own.until(2 * (n + 1));
    }
    expect(readsSince()).toBe(0);
    // Another process's event sits before the next one appended here: a gap in what was handed
    // over, so the subscription reads, and gets both, in order.
    const between = await elsewhere.append(
      `elsewhere-${randomUUID()}`,
      [{ type: 'Ticked', data: { n: 'elsewhere' } }],
      api,
    );
    const after = await writer.append(`handed-${randomUUID()}`, [{ type: 'Ticked', data: { n: 5 } }], api);
    await own.until(12);
    expect(readsSince()).toBeGreaterThan(0);
    expect(own.delivered.slice(10).map((event) => event.position)).toEqual([between.position, after.position]);
    await own.subscription.stop();
    // What was handed over is what a read gives, field for field.
    expect(own.delivered).toEqual((await writer.readAll({ after: head, maxCount: 100 })).events);
  });

  it('waits for its own appends on their way instead of reading past a gap they will fill, and reads after one fails', async () => {
    const writer = await open(false);
    const { head, own, readsSince } = await followCountingReads(writer);
    // Appends side by side answer in any order: one answered before another with an earlier position leaves a gap for a moment.
    for (let round = 0; round < 20; round++) {
      await Promise.all(
        Array.from({ length: 4 }, (_, n) =>
          writer.append(`together-${randomUUID()}`, [{ type: 'Ticked', data: { round, n } }], api),
        ),
      );
    }
    await own.until(80);
    expect(readsSince()).toBe(0);
    // Two appends at one revision: the loser took a position and gave it back, a gap that only a
    // read passes; its failure wakes the subscription, which has nothing else to wake it here.
    const stream = `raced-${randomUUID()}`;
    let delivered = 80;
    for (let revision = 0; revision < 10; revision++) {
      const raced = await Promise.allSettled(
        [0, 1].map((n) =>
          writer.append(stream, [{ type: 'Ticked', data: { revision, n } }], {
            ...api,
            expectedRevision: revision === 0 ? 'no_stream' : revision - 1,
          }),
        ),
      );
      expect(raced.filter((outcome) => outcome.status === 'fulfilled')).toHaveLength(1);
      await own.until(++delivered);
    }
    await own.subscription.stop();
    expect(own.delivered).toEqual((await writer.readAll({ after: head, maxCount: 200 })).events);
  });
});
