import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it, jest } from '@jest/globals';
import type { RecordedEvent } from '../event-envelope.js';
import { ANY, type ReadAllOptions, type ReadAllPage, type Subscription } from '../event-store.port.js';
import { prepareAppend, type PreparedEvent } from '../prepare-append.js';
import { LiveDelivery, type NotifyingPool } from './live-delivery.js';

const NEVER_POLLS = 60_000;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** An append's events as the store prepares them, ready to be committed at a position. */
function preparedEvents(count: number): PreparedEvent[] {
  const events = Array.from({ length: count }, (_, n) => ({ type: 'Ticked', data: { n } }));
  return prepareAppend(
    `live-${randomUUID()}`,
    events,
    { expectedRevision: ANY, actor: { id: 'k', name: 'Live', role: 'manager' }, origin: 'api' },
    null,
    new Date(),
  );
}

const at = (events: PreparedEvent[], first: number): RecordedEvent[] =>
  events.map((event, n) => ({ ...event, position: first + n }));

/** A pool that answers every statement at once and keeps the NOTIFYs sent through it. */
function notifyingPool() {
  const notices: string[] = [];
  const query = jest.fn(async (_text: string, values?: unknown[]) => {
    notices.push(String(values?.[0]));
    return { rows: [] };
  });
  return { pool: { query, options: {} } as unknown as NotifyingPool, notices };
}

/** A store's readAll that finds nothing new, counting how often a subscription asks it. */
function emptyReader() {
  const readAll = jest.fn(async (options: ReadAllOptions = {}): Promise<ReadAllPage> => ({
    events: [],
    lastPosition: options.after ?? 0,
    isEnd: true,
  }));
  return { readAll, reads: () => readAll.mock.calls.length };
}

async function eventually(what: string, check: () => boolean): Promise<void> {
  const until = Date.now() + 3_000;
  while (!check()) {
    if (Date.now() > until) throw new Error(`Timed out waiting until ${what}`);
    await sleep(2);
  }
}

describe('Live delivery of the PostgreSQL store', () => {
  const subscriptions: Subscription[] = [];
  /** A caught-up subscription from position 0: what it delivered, and how many reads it made after catching up. */
  async function caughtUp(delivery: LiveDelivery, reader = emptyReader()) {
    const delivered: RecordedEvent[] = [];
    subscriptions.push(delivery.subscribe(reader, { after: 0, onEvent: async (event) => void delivered.push(event) }));
    await eventually('the subscription has caught up', () => reader.reads() >= 1);
    const caughtUpAfter = reader.reads();
    return { delivered, readsSinceCaughtUp: () => reader.reads() - caughtUpAfter };
  }
  afterEach(async () => {
    for (const subscription of subscriptions.splice(0)) await subscription.stop();
  });

  it("hands this process's commit to a caught-up subscription at once, without reading it back", async () => {
    const delivery = new LiveDelivery(notifyingPool().pool, { backend: 'postgres', pollIntervalMs: NEVER_POLLS });
    const { delivered, readsSinceCaughtUp } = await caughtUp(delivery);
    const events = preparedEvents(2);
    delivery.writeStarted();
    delivery.writeCommitted(events, 1);
    await eventually('the commit is delivered', () => delivered.length === 2);
    expect(delivered).toEqual(at(events, 1));
    expect(readsSinceCaughtUp()).toBe(0);
  });

  it("wakes subscriptions and notifies only once the writer's own continuation has run, so its answer leaves first", async () => {
    const { pool, notices } = notifyingPool();
    const delivery = new LiveDelivery(pool, { backend: 'postgres', pollIntervalMs: NEVER_POLLS });
    const { delivered } = await caughtUp(delivery);
    const events = preparedEvents(1);
    delivery.writeStarted();
    delivery.writeCommitted(events, 1);
    // The committing request's own continuation: promise callbacks, all run before the next turn.
    for (let hop = 0; hop < 50; hop++) await Promise.resolve();
    expect(delivered).toEqual([]);
    expect(notices).toEqual([]);
    await eventually('the commit is delivered', () => delivered.length === 1);
    expect(delivered).toEqual(at(events, 1));
    await eventually('it is told', () => notices.length === 1);
  });

  it("waits for this process's appends on their way instead of reading past the gap they leave, then delivers in order", async () => {
    const delivery = new LiveDelivery(notifyingPool().pool, { backend: 'postgres', pollIntervalMs: NEVER_POLLS });
    const { delivered, readsSinceCaughtUp } = await caughtUp(delivery);
    const [early, late] = [preparedEvents(1), preparedEvents(1)];
    delivery.writeStarted();
    delivery.writeStarted();
    delivery.writeCommitted(late, 2); // answered first, behind the position the other holds
    await sleep(50);
    expect(delivered).toEqual([]);
    expect(readsSinceCaughtUp()).toBe(0);
    delivery.writeCommitted(early, 1);
    await eventually('both are delivered', () => delivered.length === 2);
    expect(delivered).toEqual([...at(early, 1), ...at(late, 2)]);
    expect(readsSinceCaughtUp()).toBe(0);
  });

  it("wakes subscriptions to read when this process's write fails: the position it gave back is a gap only a read passes", async () => {
    const delivery = new LiveDelivery(notifyingPool().pool, { backend: 'postgres', pollIntervalMs: NEVER_POLLS });
    const { readsSinceCaughtUp } = await caughtUp(delivery);
    delivery.writeStarted();
    delivery.writeStarted();
    delivery.writeCommitted(preparedEvents(1), 2);
    await sleep(50);
    expect(readsSinceCaughtUp()).toBe(0);
    delivery.writeFailed();
    await eventually('the subscription reads', () => readsSinceCaughtUp() === 1);
  });

  it("keeps an import's commit (more than 2,000 events) for no one: subscriptions read it", async () => {
    const delivery = new LiveDelivery(notifyingPool().pool, { backend: 'postgres', pollIntervalMs: NEVER_POLLS });
    const { delivered, readsSinceCaughtUp } = await caughtUp(delivery);
    delivery.writeStarted();
    delivery.writeCommitted(preparedEvents(2_001), 1);
    await eventually('the subscription reads', () => readsSinceCaughtUp() === 1);
    expect(delivered).toEqual([]);
  });

  it('tells other processes of commits by NOTIFY after them, one at a time, commits close together sharing one, the latest always told', async () => {
    const { pool, notices } = notifyingPool();
    const delivery = new LiveDelivery(pool, { backend: 'postgres', pollIntervalMs: NEVER_POLLS });
    const commit = (events: number, first: number) => {
      delivery.writeStarted();
      delivery.writeCommitted(preparedEvents(events), first);
    };
    // Commits of one turn of the event loop share one NOTIFY, sent once the turn is over.
    for (let position = 1; position <= 3; position++) commit(1, position);
    await eventually('the first is told', () => notices.length === 1);
    expect(notices).toEqual(['3']);
    // The commits of a later turn share the next one, whether or not it waits out the spacing.
    for (let position = 4; position <= 10; position++) commit(1, position);
    await eventually('the latest is told', () => notices.includes('10'));
    expect(notices).toEqual(['3', '10']);
    await sleep(20);
    commit(3, 11);
    await eventually('the next commit is told', () => notices.length === 3);
    expect(notices).toEqual(['3', '10', '13']);
    // A commit in the turn the store closes is told as it closes; none after.
    await sleep(20);
    commit(1, 14);
    await delivery.close();
    commit(1, 15);
    await sleep(20);
    expect(notices).toEqual(['3', '10', '13', '14']);
  });

  it('on the embedded store, neither hands over nor wakes nor notifies: subscriptions learn of commits by the poll', async () => {
    const { pool, notices } = notifyingPool();
    const quiet = new LiveDelivery(pool, { backend: 'embedded', pollIntervalMs: NEVER_POLLS });
    const { delivered, readsSinceCaughtUp } = await caughtUp(quiet);
    quiet.writeStarted();
    quiet.writeCommitted(preparedEvents(1), 1);
    await sleep(50);
    expect({ delivered, reads: readsSinceCaughtUp(), notices }).toEqual({ delivered: [], reads: 0, notices: [] });

    const polling = new LiveDelivery(pool, { backend: 'embedded', pollIntervalMs: 10 });
    const { readsSinceCaughtUp: readsByPoll } = await caughtUp(polling);
    await eventually('the subscription has polled twice', () => readsByPoll() >= 2);
  });
});
