import type { RecordedEvent } from './event-envelope.js';
import type { EventStore, Subscription } from './event-store.port.js';

const RETRY_DELAY_MS = 1_000;

/**
 * What a batching subscriber feeds. The contract that makes a restart safe is the consumer's:
 * `apply` writes a batch's effect and its checkpoint in one transaction, and skips what is at or
 * before the checkpoint it finds there; `resume` reads that checkpoint. A batch cut short by an
 * error then leaves nothing, and one applied twice (an error after the commit, a second process
 * applying the same events) changes nothing.
 */
export interface BatchConsumer {
  /** The last committed checkpoint, read again at every start and restart: delivery follows on from it. */
  resume(): Promise<number>;
  /** Applies a batch (in position order, never two at once); a throw restarts from `resume`. */
  apply(batch: RecordedEvent[]): Promise<void>;
  /**
   * Every error that restarts it, before the restart is scheduled (also one met while stopping,
   * which restarts nothing), with the batch when it was `apply` that failed.
   */
  failed?(error: Error, batch: RecordedEvent[] | null): void;
}

export interface BatchingSubscriberOptions {
  /** A batch is applied once it holds this many events, and whenever the subscription has caught up. */
  batchSize: number;
  /** Also applies the batch at once after this event, full or not (the projector isolating a failed batch). */
  flushAfter?: (event: RecordedEvent) => boolean;
  /** What the restart's log line says before the error's message. */
  restartLogPrefix: string;
  log: (message: string) => void;
  /** How long after an error it subscribes again (1 s unless set). */
  retryDelayMs?: number;
}

/**
 * Follows the store in batches for a consumer that keeps a checkpoint (the projector, the chain
 * sealer): a catch-up subscription from the consumer's checkpoint, events buffered and applied
 * at `batchSize` or when the subscription has caught up, one batch at a time and in order. On an
 * error (a batch that fails, the store unreachable) it drops the subscription and what it had
 * buffered and, after `retryDelayMs`, subscribes again from the checkpoint as stored: the
 * consumer's contract (BatchConsumer) is what makes that lose and repeat nothing. `stop` ends the
 * subscription and waits for the batch being applied, or a restart under way.
 */
export class BatchingSubscriber {
  private subscription: Subscription | null = null;
  private buffer: RecordedEvent[] = [];
  /** The batches, chained: each waits for the one before, so they never overlap. */
  private flushing: Promise<void> = Promise.resolve();
  private stopped = true;
  private retryTimer: NodeJS.Timeout | null = null;
  /** A restart under way, for stop to wait for. */
  private restarting: Promise<void> | null = null;
  /** While a restart ends the old subscription: what it meets then is what the restart is for. */
  private endingOld = false;

  constructor(
    private readonly store: EventStore,
    private readonly consumer: BatchConsumer,
    private readonly options: BatchingSubscriberOptions,
  ) {}

  /** Subscribes from the consumer's checkpoint; a failure to read it is the caller's. */
  async start(): Promise<void> {
    this.stopped = false;
    await this.subscribe();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = null;
    await this.restarting;
    await this.subscription?.stop();
    await this.flushing.catch(() => undefined);
    this.subscription = null;
  }

  private async subscribe(): Promise<void> {
    const after = await this.consumer.resume();
    // Stopped while it read the checkpoint (a restart meeting a stop): nothing to follow.
    if (this.stopped) return;
    this.buffer = [];
    const { batchSize, flushAfter } = this.options;
    this.subscription = this.store.subscribeToAll({
      after,
      onEvent: async (event) => {
        this.buffer.push(event);
        if (this.buffer.length >= batchSize || flushAfter?.(event)) await this.flush();
      },
      onCaughtUp: () => void this.flush().catch(() => undefined),
      onError: (error) => this.restart(error),
    });
  }

  /**
   * Applies what is buffered after the batch before it. After a failed batch the chain stays
   * rejected, so nothing more of that subscription is applied: the restart reads again from the checkpoint.
   */
  private flush(): Promise<void> {
    this.flushing = this.flushing.then(async () => {
      const batch = this.buffer;
      if (batch.length === 0) return;
      this.buffer = [];
      try {
        await this.consumer.apply(batch);
      } catch (error) {
        this.restart(error, batch);
        throw error;
      }
    });
    return this.flushing;
  }

  private restart(cause: unknown, batch: RecordedEvent[] | null = null): void {
    const error = cause instanceof Error ? cause : new Error(String(cause));
    this.consumer.failed?.(error, batch);
    if (this.stopped || this.retryTimer || this.endingOld) return;
    this.options.log(`${this.options.restartLogPrefix}: ${error.message}`);
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      this.restarting = this.subscribeAgain().then((failure) => {
        this.restarting = null;
        if (failure) this.restart(failure);
      });
    }, this.options.retryDelayMs ?? RETRY_DELAY_MS);
  }

  /** Ends the old subscription and its batch under way, then subscribes again; what failed, if anything. */
  private async subscribeAgain(): Promise<unknown> {
    this.endingOld = true;
    try {
      // Stopped by its error already, unless the error was a batch's applied once it had caught up.
      await this.subscription?.stop().catch(() => undefined);
      this.subscription = null;
      // A batch under way when a read failed finishes before the next subscription's first.
      await this.flushing.catch(() => undefined);
      this.flushing = Promise.resolve();
    } finally {
      this.endingOld = false;
    }
    if (this.stopped) return null;
    try {
      await this.subscribe();
      return null;
    } catch (error) {
      return error ?? new Error('subscribing failed');
    }
  }
}
