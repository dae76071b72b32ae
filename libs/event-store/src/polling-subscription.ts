import type { RecordedEvent } from './event-envelope.js';
import type { EventStore, SubscribeOptions, Subscription } from './event-store.port.js';

const PAGE_SIZE = 500;

/**
 * Wakes a caught-up subscription: `byThisProcess` when what is new was appended by this process
 * (and handed over, see pollingSubscription), else for news from elsewhere, which only a read finds.
 */
export type Wake = (byThisProcess?: boolean) => void;

/** Nothing handed over yet, but appends of this process are on their way: wait for them rather than read. */
export const AWAIT = 'await';

/**
 * A catch-up subscription built on `readAll`: pages through history, then waits for a wake-up
 * (a notification) or the poll interval. It delivers in order and each event once, because the
 * position only moves after the handler has finished with an event.
 *
 * `handedOver(position)` gives the events this process has just appended, as their appends
 * answered them, that follow `position` without a gap: when a wake came only from this process's
 * appends, those are delivered without reading them back. A run with no gap skips nothing, so it
 * needs none of readAll's care for positions still in flight. With nothing to hand over while
 * this process has appends on their way, it answers AWAIT: the gap is most likely theirs, and
 * each wakes the subscription as it ends (one that fails, as news from elsewhere). News from
 * elsewhere, a poll, or a gap with no append of this process on its way, is read from the store.
 */
export function pollingSubscription(
  store: Pick<EventStore, 'readAll'>,
  options: SubscribeOptions,
  registerWaker: (wake: Wake) => () => void,
  pollIntervalMs: number,
  handedOver: (position: number) => RecordedEvent[] | typeof AWAIT = () => [],
): Subscription {
  let position = options.after;
  let stopped = false;
  let pendingWake = false;
  /** Whether the store may hold events from elsewhere that this subscription has not read. */
  let readNeeded = true;
  let resumeWaiting: (() => void) | null = null;

  const wake: Wake = (byThisProcess = false) => {
    if (!byThisProcess) readNeeded = true;
    if (!resumeWaiting) {
      pendingWake = true;
      return;
    }
    const resume = resumeWaiting;
    resumeWaiting = null;
    resume();
  };
  const unregister = registerWaker(wake);

  const waitForNews = () =>
    new Promise<void>((resolve) => {
      if (pendingWake || stopped) {
        pendingWake = false;
        resolve();
        return;
      }
      const timer = setTimeout(() => wake(), pollIntervalMs);
      resumeWaiting = () => {
        clearTimeout(timer);
        resolve();
      };
    });

  const run = async () => {
    try {
      while (!stopped) {
        pendingWake = false;
        const handed = readNeeded ? [] : handedOver(position);
        if (handed === AWAIT) {
          await waitForNews();
          continue;
        }
        let page: { events: RecordedEvent[]; isEnd: boolean };
        if (handed.length > 0) {
          page = { events: handed, isEnd: true };
        } else {
          // Cleared before the read, so that news from elsewhere heard during it is read next.
          readNeeded = false;
          page = await store.readAll({ after: position, maxCount: PAGE_SIZE });
          if (!page.isEnd) readNeeded = true;
        }
        for (const event of page.events) {
          if (stopped) return;
          await options.onEvent(event);
          position = event.position;
        }
        if (page.isEnd && !stopped) {
          options.onCaughtUp?.(position);
          await waitForNews();
        }
      }
    } catch (error) {
      stopped = true;
      if (options.onError) options.onError(error);
      else console.error('Subscription stopped:', error);
    } finally {
      unregister();
    }
  };
  const done = run();

  return {
    get position() {
      return position;
    },
    async stop() {
      stopped = true;
      wake();
      await done;
    },
    done,
  };
}
