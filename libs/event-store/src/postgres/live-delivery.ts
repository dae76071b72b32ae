/**
 * How a subscription on PostgreSQL learns of new events.
 *
 * A subscription (pollingSubscription) reads pages of the store until it has caught up, then waits
 * to be woken; each wake says where the news comes from, which decides whether it must read.
 *
 * The primary path: this process's commits. The projector runs inside the service by default, so
 * nearly every event it follows was appended by the same process. As an append commits, live
 * delivery keeps its events as the append recorded them and, once the writer's own continuation
 * has run (the request's answer first), wakes the subscriptions, which
 * deliver a run following their position with no gap without reading it back (a run with no gap
 * skips nothing, so it needs none of safe-read.ts's care). When the next position is still missing
 * but appends of this process are on their way, the subscription waits for them (AWAIT) instead of
 * reading past a gap they will fill: appends side by side answer in any order.
 *
 * The fallbacks, each for news the primary path cannot carry; all three are needed:
 * - A failed append of this process: the position it took and gave back is a gap that only a read
 *   passes, and a subscription waiting for that append (AWAIT) has nothing else to wake it.
 * - Another process's commits (the CLI's import, a second instance, `oversight project` beside
 *   the service): a NOTIFY sent after each commit, spaced and carrying the latest position, heard
 *   here on a LISTEN connection of this store's own; the subscription reads what is new. A NOTIFY
 *   this store sent itself and hears back wakes nothing: its commit woke its subscriptions already.
 * - The poll (every pollIntervalMs, 50 ms unless set): a NOTIFY lost (the writer crashed between
 *   commit and NOTIFY, its NOTIFY failed, or this LISTEN connection is down or was refused), an
 *   event of another process's behind a gap while this process keeps appending, and the embedded
 *   store, where the poll is the only path (see writeCommitted).
 */
import pg from 'pg';
import type { RecordedEvent } from '../event-envelope.js';
import type { EventStore, SubscribeOptions, Subscription } from '../event-store.port.js';
import { AWAIT, pollingSubscription, type Wake } from '../polling-subscription.js';
import type { PreparedEvent } from '../prepare-append.js';
import type { WriteWatcher } from './postgres-appends.js';

const CHANNEL = 'oversight_events';
/** The least time between two NOTIFYs of one store's appends (see notifyOtherProcesses). */
const NOTIFY_SPACING_MS = 5;
/** Appended events kept for this process's subscriptions: the latest few commands', not an import's. */
const HANDED_OVER = 2_000;

/** Where the news that wakes caught-up subscriptions comes from (the poll wakes them from within). */
type News = 'committed here' | 'failed here' | 'notified from elsewhere';

export interface LiveDeliveryOptions {
  backend: 'postgres' | 'embedded';
  /** How often a caught-up subscription reads when nothing wakes it. */
  pollIntervalMs: number;
}

/** What live delivery needs of the pool: a statement for NOTIFY, and its settings for a LISTEN connection of its own. */
export type NotifyingPool = Pick<pg.Pool, 'query' | 'options'>;

/** Delivers the PostgreSQL store's new events to its subscriptions, as described at the top of this file. */
export class LiveDelivery implements WriteWatcher {
  private readonly wakers = new Set<Wake>();
  /** This process's latest appends by position, as they were recorded: handed to its subscriptions. */
  private readonly appended = new Map<number, RecordedEvent>();
  /** This process's appends between their write and its answer. */
  private writing = 0;
  /** The last position this store's appends committed and announced. */
  private announced = 0;
  /** The NOTIFY on its way to other processes, and whether another must follow it. */
  private notifying: Promise<void> | null = null;
  private notifyAgain = false;
  /** Whether this turn's commits are already to be announced when it ends. */
  private announcing = false;
  private listener: pg.Client | null = null;
  /** Positions this store has notified and its own listener has yet to hear back. */
  private readonly ownNotices = new Set<string>();
  private closed = false;

  constructor(
    private readonly pool: NotifyingPool,
    private readonly options: LiveDeliveryOptions,
  ) {}

  /** A catch-up subscription that reads through `reader` what it is not handed. */
  subscribe(reader: Pick<EventStore, 'readAll'>, options: SubscribeOptions): Subscription {
    return pollingSubscription(
      reader,
      options,
      (wake) => {
        this.wakers.add(wake);
        return () => this.wakers.delete(wake);
      },
      this.options.pollIntervalMs,
      (position) => this.handedOverAfter(position),
    );
  }

  writeStarted(): void {
    this.writing++;
  }

  /**
   * The primary path. The embedded store's subscriptions only poll, as before: PGlite runs one
   * transaction at a time on the one connection the service shares, and a projector woken by
   * every append put a read-model transaction between each command and the next (f: 1 client's
   * p50 went from 2.9 to 7.5 ms). Nothing else can write to it, so it needs no NOTIFY either.
   */
  writeCommitted(events: readonly PreparedEvent[], first: number): void {
    this.writing--;
    if (this.options.backend !== 'postgres') return;
    this.handOver(events, first);
    if (this.closed) return;
    this.announced = Math.max(this.announced, first + events.length - 1);
    this.announceAfterThisTurn();
  }

  writeFailed(): void {
    this.writing--;
    this.tell('failed here');
  }

  /** A LISTEN connection of its own wakes caught-up subscriptions at once instead of at their next poll. */
  async listen(): Promise<void> {
    const client = new pg.Client(this.pool.options);
    try {
      await client.connect();
      await client.query(`LISTEN ${CHANNEL}`);
    } catch {
      await client.end().catch(() => undefined);
      return; // the poll alone still delivers everything
    }
    client.on('notification', (message) => {
      if (message.payload !== undefined && this.ownNotices.delete(message.payload)) return;
      this.tell('notified from elsewhere');
    });
    client.on('error', () => {
      if (this.listener === client) this.listener = null;
      this.ownNotices.clear(); // none of them will be heard back now
    });
    this.listener = client;
  }

  async close(): Promise<void> {
    // The last turn's commits are told before closing, not left to the other processes' poll.
    if (this.announcing) this.notifyOtherProcesses();
    this.closed = true;
    const listener = this.listener;
    this.listener = null;
    if (listener) await listener.end().catch(() => undefined);
    await this.notifying;
  }

  /**
   * Wakes the subscriptions and notifies other processes once this turn of the event loop is
   * over, one wake for all the commits it saw. Woken at once, the projector and the chain sealer
   * ran their synchronous work (building rows, hashing links, sending their statements) in the
   * microtasks ahead of the committing request's own, and its answer waited for them (measured
   * in bench/README.md, the round of 2026-12-05, night: a few per cent at one client).
   */
  private announceAfterThisTurn(): void {
    if (this.announcing) return;
    this.announcing = true;
    setImmediate(() => {
      this.announcing = false;
      if (this.closed) return;
      this.tell('committed here');
      this.notifyOtherProcesses();
    });
  }

  private tell(news: News): void {
    // Only this process's commits were handed over; any other news is found by a read.
    const byThisProcess = news === 'committed here';
    for (const wake of this.wakers) wake(byThisProcess);
  }

  /**
   * The run of handed-over events that follows `position` with no gap; AWAIT when there is none
   * but this process has appends on their way, which will most likely fill the gap.
   */
  private handedOverAfter(position: number): RecordedEvent[] | typeof AWAIT {
    const run: RecordedEvent[] = [];
    for (let next = this.appended.get(position + 1); next; next = this.appended.get(next.position + 1)) run.push(next);
    return run.length === 0 && this.writing > 0 && this.options.backend === 'postgres' ? AWAIT : run;
  }

  /** Keeps a commit's events for the subscriptions, while there are any, unless it is an import's (larger than all that is kept). */
  private handOver(events: readonly PreparedEvent[], first: number): void {
    if (this.wakers.size === 0 || events.length > HANDED_OVER) return;
    events.forEach((event, n) => this.appended.set(first + n, { ...event, position: first + n }));
    // The oldest go first: a subscription that far behind reads them, as after any gap.
    for (const position of this.appended.keys()) {
      if (this.appended.size <= HANDED_OVER) break;
      this.appended.delete(position);
    }
  }

  /**
   * Other processes hear of this store's commits by a NOTIFY sent after the commit, never inside
   * the append's transaction (migration 004): PostgreSQL commits notifying transactions one at a
   * time. One NOTIFY is on its way at a time, carrying the latest position when it leaves, and the
   * next leaves NOTIFY_SPACING_MS after it; one that fails leaves the others to their next poll.
   */
  private notifyOtherProcesses(): void {
    if (this.notifying) {
      this.notifyAgain = true;
      return;
    }
    this.notifying = (async () => {
      for (;;) {
        this.notifyAgain = false;
        const notice = String(this.announced);
        if (this.listener) this.ownNotices.add(notice);
        await this.pool
          .query(`SELECT pg_notify('${CHANNEL}', $1)`, [notice])
          .catch(() => this.ownNotices.delete(notice));
        if (this.closed) return;
        // Appends meanwhile share the next NOTIFY, a moment later: under load, one round trip for many.
        await new Promise((resolve) => setTimeout(resolve, NOTIFY_SPACING_MS));
        if (!this.notifyAgain || this.closed) return;
      }
    })().finally(() => {
      this.notifying = null;
    });
  }
}
