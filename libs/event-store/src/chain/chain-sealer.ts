import { BatchingSubscriber } from '../batching-subscriber.js';
import type { RecordedEvent } from '../event-envelope.js';
import type { EventStore } from '../event-store.port.js';
import { linkOf, type ChainLink, type EventChain } from './chain-link.js';

const BATCH_SIZE = 1_000;

export interface ChainSealerOptions {
  log: (message: string) => void;
  /** Awaited after each seal with the links just sealed (the checkpoint writer); its failure is logged, not retried here. */
  onSealed?: (links: ChainLink[]) => Promise<void>;
}

/**
 * Extends the global chain after commit, in global order. It follows the store like the
 * projector, through a batching subscriber (so it never passes a gap still in flight, and the
 * store's own wake-ups and polls move it), from the chain's head as stored: a restart, or a second
 * process sealing too, resumes where the chain ends. A seal is one statement that writes only if
 * the head is still the one this sealer extended, so a batch sealed twice is refused, not repeated.
 */
export class ChainSealer {
  private head: ChainLink | null = null;
  private readonly subscriber: BatchingSubscriber;

  constructor(
    private readonly store: EventStore,
    private readonly chain: EventChain,
    private readonly options: ChainSealerOptions,
  ) {
    this.subscriber = new BatchingSubscriber(
      store,
      { resume: () => this.resume(), apply: (events) => this.seal(events) },
      { batchSize: BATCH_SIZE, restartLogPrefix: "Chain sealer restarting from the chain's head", log: options.log },
    );
  }

  /** The position of the last event sealed, as this sealer knows it. */
  get sealedPosition(): number {
    return this.head?.position ?? 0;
  }

  start(): Promise<void> {
    return this.subscriber.start();
  }

  async stop(): Promise<void> {
    await this.subscriber.stop();
    // What committed before the stop is sealed now, so a service stopped cleanly leaves no unsealed tail.
    await this.sealCommitted().catch((error: unknown) =>
      this.options.log(`Chain sealer stopped before sealing everything: ${(error as Error).message}`),
    );
  }

  /**
   * Seals every event committed so far (readable without passing a gap still in flight), from the
   * stored head: for a sealer that is not following the store (stopped, or never started).
   */
  async sealCommitted(): Promise<void> {
    await this.resume();
    for (;;) {
      const page = await this.store.readAll({ after: this.sealedPosition, maxCount: BATCH_SIZE });
      await this.seal(page.events);
      if (page.isEnd || page.events.length === 0) return;
    }
  }

  /** Follows on from the chain's head as stored. */
  private async resume(): Promise<number> {
    this.head = await this.chain.head();
    return this.sealedPosition;
  }

  private async seal(events: RecordedEvent[]): Promise<void> {
    if (events.length === 0) return;
    const links: ChainLink[] = [];
    let previous = this.head?.linkHash ?? null;
    for (const event of events) {
      const link = linkOf(event, previous);
      links.push(link);
      previous = link.linkHash;
    }
    if (!(await this.chain.seal(links, this.head)))
      throw new Error('another process extended the chain: following on from its head');
    this.head = links[links.length - 1]!;
    await this.options.onSealed?.(links).catch((error: unknown) => {
      this.options.log(`Sealed up to position ${this.sealedPosition}, but: ${(error as Error).message}`);
    });
  }
}
