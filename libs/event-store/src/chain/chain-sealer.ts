import type { RecordedEvent } from '../event-envelope.js';
import type { EventStore, Subscription } from '../event-store.port.js';
import { linkOf, type ChainLink, type EventChain } from './chain-link.js';

const BATCH_SIZE = 1_000;
const RETRY_DELAY_MS = 1_000;

export interface ChainSealerOptions {
  log: (message: string) => void;
  /** Awaited after each seal with the links just sealed (the checkpoint writer); its failure is logged, not retried here. */
  onSealed?: (links: ChainLink[]) => Promise<void>;
}

/**
 * Extends the global chain after commit, in global order. It follows the store like the
 * projector, through a catch-up subscription (so it never passes a gap still in flight, and the
 * store's own wake-ups and polls move it), from the chain's head as stored: a restart, or a second
 * process sealing too, resumes where the chain ends. A seal is one statement that writes only if
 * the head is still the one this sealer extended.
 */
export class ChainSealer {
  private head: ChainLink | null = null;
  private subscription: Subscription | null = null;
  private buffer: RecordedEvent[] = [];
  private sealing: Promise<void> = Promise.resolve();
  private stopped = true;
  private retryTimer: NodeJS.Timeout | null = null;

  constructor(
    private readonly store: EventStore,
    private readonly chain: EventChain,
    private readonly options: ChainSealerOptions,
  ) {}

  /** The position of the last event sealed, as this sealer knows it. */
  get sealedPosition(): number {
    return this.head?.position ?? 0;
  }

  async start(): Promise<void> {
    this.stopped = false;
    await this.subscribe();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = null;
    await this.subscription?.stop();
    await this.sealing.catch(() => undefined);
    // What committed before the stop is sealed now, so a service stopped cleanly leaves no unsealed tail.
    await this.sealCommitted().catch((error: unknown) =>
      this.options.log(`Chain sealer stopped before sealing everything: ${(error as Error).message}`),
    );
  }

  /** Seals every event committed so far (readable without passing a gap still in flight), from the stored head. */
  async sealCommitted(): Promise<void> {
    this.head = await this.chain.head();
    for (;;) {
      const page = await this.store.readAll({ after: this.sealedPosition, maxCount: BATCH_SIZE });
      this.buffer = page.events;
      await this.flush();
      if (page.isEnd || page.events.length === 0) return;
    }
  }

  private async subscribe(): Promise<void> {
    this.head = await this.chain.head();
    this.buffer = [];
    this.subscription = this.store.subscribeToAll({
      after: this.sealedPosition,
      onEvent: async (event) => {
        this.buffer.push(event);
        if (this.buffer.length >= BATCH_SIZE) await this.flush();
      },
      onCaughtUp: () => void this.flush().catch(() => undefined),
      onError: (error) => this.restart(error),
    });
  }

  /** Seals are chained, so links are written one batch at a time and in order. */
  private flush(): Promise<void> {
    this.sealing = this.sealing.then(async () => {
      const events = this.buffer;
      if (events.length === 0) return;
      this.buffer = [];
      const links: ChainLink[] = [];
      let previous = this.head?.linkHash ?? null;
      for (const event of events) {
        const link = linkOf(event, previous);
        links.push(link);
        previous = link.linkHash;
      }
      try {
        if (!(await this.chain.seal(links, this.head)))
          throw new Error('another process extended the chain: following on from its head');
      } catch (error) {
        this.restart(error);
        throw error;
      }
      this.head = links[links.length - 1]!;
      await this.options.onSealed?.(links).catch((error: unknown) => {
        this.options.log(`Sealed up to position ${this.sealedPosition}, but: ${(error as Error).message}`);
      });
    });
    return this.sealing;
  }

  private restart(error: unknown): void {
    if (this.stopped || this.retryTimer) return;
    this.options.log(`Chain sealer restarting from the chain's head: ${(error as Error).message ?? String(error)}`);
    const subscription = this.subscription;
    this.subscription = null;
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      void (async () => {
        await subscription?.stop().catch(() => undefined);
        this.sealing = Promise.resolve();
        if (!this.stopped) await this.subscribe().catch((next: unknown) => this.restart(next));
      })();
    }, RETRY_DELAY_MS);
  }
}
