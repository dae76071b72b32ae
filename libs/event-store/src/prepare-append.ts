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

/**
 * PostgreSQL's text cannot hold NUL, and UTF-8 cannot hold half a surrogate pair: written by COPY
 * it would become U+FFFD, and the stored event would no longer match its hash. Refused here, the
 * same on every backend, before anything is written.
 */
function checkText(field: string, value: string | null | undefined): void {
  if (value === null || value === undefined) return;
  if (typeof value !== 'string') throw new InvalidEventError(`${field} must be text`);
  if (value.includes('\u0000') || !value.isWellFormed())
    throw new InvalidEventError(`${field} must not contain the NUL character or half a surrogate pair`);
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
  if (events.length > MAX_EVENTS_PER_APPEND)
    throw new InvalidEventError(`An append holds at most ${MAX_EVENTS_PER_APPEND} events`);
  checkExpectedRevision(streamId, options, head);
  checkText('The stream id', streamId);
  checkText("The actor's id", options.actor.id);
  checkText("The actor's name", options.actor.name);
  checkText("The actor's role", options.actor.role);
  checkText('The reason', options.reason);
  checkText('The origin', options.origin);
  checkText('The command id', options.commandId);
  checkText('The correlation id', options.correlationId);
  checkText('The causation id', options.causationId);

  let previousHash = head?.hash ?? null;
  let revision = head?.revision ?? -1;
  const correlationId = options.correlationId ?? options.commandId ?? randomUUID();
  return events.map((event) => {
    const effectiveAt = event.effectiveAt ?? options.effectiveAt ?? recordedAt;
    if (Number.isNaN(effectiveAt.getTime())) throw new InvalidEventError('effectiveAt is not a valid time');
    if (effectiveAt.getTime() > recordedAt.getTime()) throw new EffectiveTimeInFutureError(effectiveAt, recordedAt);
    checkText('An event type', event.type);
    checkText("An event's reason", event.reason);
    checkText("An event's origin", event.origin);
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
