import type { RecordedEvent } from '../event-envelope.js';
import { hashEvent } from '../event-hash.js';
import type { EventStore } from '../event-store.port.js';

export interface BrokenEvent {
  streamId: string;
  revision: number;
  eventId: string;
  position: number;
  problem: string;
}

export interface VerifyReport {
  streams: number;
  events: number;
  /** The first event that does not hold, in stream-creation then revision order; null when all hold. */
  firstBroken: BrokenEvent | null;
}

/** What is wrong with `event` as the successor of `previous` in its stream, or null. */
export function checkLink(event: RecordedEvent, previous: RecordedEvent | null): string | null {
  const expectedRevision = previous ? previous.revision + 1 : 0;
  if (event.revision !== expectedRevision) {
    return previous
      ? `revision ${event.revision} follows revision ${previous.revision}: an event is missing or out of order`
      : `the stream starts at revision ${event.revision}: earlier events are missing`;
  }
  if (previous && event.position <= previous.position) {
    return `global position ${event.position} is not after the previous event's ${previous.position}`;
  }
  if (event.hash !== hashEvent(event, previous?.hash ?? null)) {
    return 'the stored hash does not match the event and its predecessor: the event was edited, or one before it removed or swapped';
  }
  return null;
}

/**
 * Walks every stream and recomputes the hash chain. Removing a stream's last events leaves a
 * shorter chain that still holds: catching that needs a copy of the stream heads kept elsewhere.
 */
export async function verifyEventStore(
  store: EventStore,
  onProgress?: (streams: number, events: number) => void,
  /** Shown every event read, in order (what the events name can then be checked too: documents). */
  onEvent?: (event: RecordedEvent) => void,
): Promise<VerifyReport> {
  let streams = 0;
  let events = 0;
  for await (const streamId of store.listStreams()) {
    streams += 1;
    let previous: RecordedEvent | null = null;
    for (const event of await store.readStream(streamId)) {
      events += 1;
      onEvent?.(event);
      const problem = checkLink(event, previous);
      if (problem) {
        return {
          streams,
          events,
          firstBroken: {
            streamId,
            revision: event.revision,
            eventId: event.eventId,
            position: event.position,
            problem,
          },
        };
      }
      previous = event;
    }
    onProgress?.(streams, events);
  }
  return { streams, events, firstBroken: null };
}
