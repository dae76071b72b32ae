import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import pg from 'pg';
import type { RecordedEvent } from '../event-envelope.js';
import { ANY, type ReadAllOptions, type ReadAllPage } from '../event-store.port.js';
import { prepareAppend } from '../prepare-append.js';
import { createTestDatabase } from '../testing/test-databases.js';
import { createPool } from './create-pool.js';
import { LiveDelivery } from './live-delivery.js';

/**
 * The fallback for other processes' commits: a NOTIFY heard on the store's own LISTEN connection.
 * The subscription here never polls, so a read within seconds can only come from a NOTIFY.
 */
const NEVER_POLLS = 60_000;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function eventually(what: string, check: () => boolean): Promise<void> {
  const until = Date.now() + 3_000;
  while (!check()) {
    if (Date.now() > until) throw new Error(`Timed out waiting until ${what}`);
    await sleep(5);
  }
}

const describeServer = process.env.DATABASE_URL ? describe : describe.skip;
if (!process.env.DATABASE_URL)
  console.warn(
    'Live delivery by LISTEN on the PostgreSQL server skipped: DATABASE_URL is not set (CI sets it to the local server)',
  );

describeServer('Live delivery by LISTEN on the PostgreSQL server', () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let pool: pg.Pool;
  beforeAll(async () => {
    database = await createTestDatabase(process.env.DATABASE_URL!);
    pool = createPool({ connectionString: database.url, max: 4 });
  });
  afterAll(async () => {
    await pool?.end();
    await database?.drop();
  });

  it("reads when another process's NOTIFY arrives, and not when its own comes back", async () => {
    const delivery = new LiveDelivery(pool, { backend: 'postgres', pollIntervalMs: NEVER_POLLS });
    await delivery.listen();
    const readAll = jest.fn(async (options: ReadAllOptions = {}): Promise<ReadAllPage> => ({
      events: [],
      lastPosition: options.after ?? 0,
      isEnd: true,
    }));
    const delivered: RecordedEvent[] = [];
    const subscription = delivery.subscribe(
      { readAll },
      { after: 0, onEvent: async (event) => void delivered.push(event) },
    );
    try {
      await eventually('the subscription has caught up', () => readAll.mock.calls.length === 1);
      const heard: string[] = [];
      const overheard = new pg.Client({ connectionString: database.url });
      await overheard.connect();
      overheard.on('notification', (message) => heard.push(message.payload ?? ''));
      await overheard.query('LISTEN oversight_events');
      try {
        const events = prepareAppend(
          `listen-${randomUUID()}`,
          [{ type: 'Ticked', data: {} }],
          { expectedRevision: ANY, actor: { id: 'k', name: 'Listener', role: 'manager' }, origin: 'api' },
          null,
          new Date(),
        );
        delivery.writeStarted();
        delivery.writeCommitted(events, 1);
        await eventually('the commit is handed over', () => delivered.length === 1);
        // The NOTIFY went out, and came back to the store's own listener too, which let it pass.
        await eventually('the NOTIFY is heard elsewhere', () => heard.includes('1'));
        await sleep(200);
        expect(readAll).toHaveBeenCalledTimes(1);

        await overheard.query("SELECT pg_notify('oversight_events', '7')");
        await eventually('the subscription reads', () => readAll.mock.calls.length === 2);
      } finally {
        await overheard.end();
      }
    } finally {
      await subscription.stop();
      await delivery.close();
    }
  });
});
