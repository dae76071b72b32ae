import { randomUUID } from 'node:crypto';
import type { EventData, NewEvent, RecordedEvent } from './event-envelope.js';
import { hashEvent, normaliseEventData } from './event-hash.js';
import { EffectiveTimeInFutureError, InvalidEventError, WrongExpectedRevisionError } from './event-store.errors.js';
import { ANY, NO_STREAM, type AppendOptions, type StreamHead } from './event-store.port.js';

export type PreparedEvent = Omit<RecordedEvent, 'position'>;

const MAX_EVENTS_PER_APPEND = 100_000;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Event ids are UUIDs in lower case, the form every backend reads back (the hash covers it). */
function eventIdOf(given: string | undefined): string {
  if (given === undefined) return randomUUID();
  if (!UUID.test(given)) throw new InvalidEventError(`Event ids must be UUIDs: ${given}`);
  return given.toLowerCase();
}

/** Checks the expected revision against the stream's head as last read. */
export function checkExpectedRevision(streamId: string, options: AppendOptions, head: StreamHead | null): void {
  const expected = options.expectedRevision;
  const actual = head?.revision ?? null;
  if (expected === ANY) return;
  if (expected === NO_STREAM ? actual !== null : actual !== expected) {
    throw new WrongExpectedRevisionError(streamId, expected, actual);
  }
}

/**
 * Builds the full envelopes of an append, hash-chained to the stream's head, every backend alike.
 * `recordedAt` is the store's clock reading for this append.
 */
export function prepareAppend(
  streamId: string,
  events: NewEvent<EventData>[],
  options: AppendOptions,
  head: StreamHead | null,
  recordedAt: Date,
): PreparedEvent[] {
  if (!streamId) throw new InvalidEventError('A stream id is required');
  if (events.length === 0) throw new InvalidEventError('An append needs at least one event');
  if (events.length > MAX_EVENTS_PER_APPEND) throw new InvalidEventError(`An append holds at most ${MAX_EVENTS_PER_APPEND} events`);
  checkExpectedRevision(streamId, options, head);

  let previousHash = head?.hash ?? null;
  let revision = head?.revision ?? -1;
  const correlationId = options.correlationId ?? options.commandId ?? randomUUID();
  return events.map((event) => {
    const effectiveAt = event.effectiveAt ?? options.effectiveAt ?? recordedAt;
    if (Number.isNaN(effectiveAt.getTime())) throw new InvalidEventError('effectiveAt is not a valid time');
    if (effectiveAt.getTime() > recordedAt.getTime()) throw new EffectiveTimeInFutureError(effectiveAt, recordedAt);
    revision += 1;
    const prepared: PreparedEvent = {
      eventId: eventIdOf(event.eventId),
      streamId,
      revision,
      type: event.type,
      schemaVersion: event.schemaVersion ?? 1,
      data: normaliseEventData(event.data),
      metadata: {
        actor: { id: options.actor.id, name: options.actor.name, role: options.actor.role },
        recordedAt,
        effectiveAt: new Date(effectiveAt.getTime()),
        reason: event.reason ?? options.reason ?? null,
        commandId: options.commandId ?? null,
        correlationId,
        causationId: options.causationId ?? null,
        origin: event.origin ?? options.origin,
      },
      hash: '',
    };
    prepared.hash = hashEvent(prepared, previousHash);
    previousHash = prepared.hash;
    return prepared;
  });
}
