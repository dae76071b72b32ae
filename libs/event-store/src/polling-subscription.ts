import type { EventStore, SubscribeOptions, Subscription } from './event-store.port.js';

const PAGE_SIZE = 500;

/**
 * A catch-up subscription built on `readAll`: pages through history, then waits for a wake-up
 * (a notification) or the poll interval. It delivers in order and each event once, because the
 * position only moves after the handler has finished with an event.
 */
export function pollingSubscription(
  store: Pick<EventStore, 'readAll'>,
  options: SubscribeOptions,
  registerWaker: (wake: () => void) => () => void,
  pollIntervalMs: number,
): Subscription {
  let position = options.after;
  let stopped = false;
  let pendingWake = false;
  let resumeWaiting: (() => void) | null = null;

  const wake = () => {
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
      const timer = setTimeout(wake, pollIntervalMs);
      resumeWaiting = () => {
        clearTimeout(timer);
        resolve();
      };
    });

  const run = async () => {
    try {
      while (!stopped) {
        pendingWake = false;
        const page = await store.readAll({ after: position, maxCount: PAGE_SIZE });
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
