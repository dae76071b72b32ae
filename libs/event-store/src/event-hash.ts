import { createHash } from 'node:crypto';
import type { EventData, EventMetadata, JsonValue, RecordedEvent } from './event-envelope.js';
import { InvalidEventError } from './event-store.errors.js';

/** JSON with keys sorted at every level and no white space: one text per value, whatever the key order. */
export function canonicalJson(value: JsonValue): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const keys = Object.keys(value).sort();
  return `{${keys.map((key) => `${JSON.stringify(key)}:${canonicalJson(value[key] as JsonValue)}`).join(',')}}`;
}

/**
 * Brings event data to the form every backend reads back, so the hash taken before the write
 * holds after it: plain JSON (no undefined, Dates as ISO text), and no NUL character, which
 * PostgreSQL's jsonb cannot store.
 */
export function normaliseEventData(data: EventData): EventData {
  const text = JSON.stringify(data);
  if (text === undefined || !text.startsWith('{')) throw new InvalidEventError('Event data must be a JSON object');
  // An escaped NUL (`\u0000` after an even number of backslashes), not the six characters `\u0000` in a text.
  if (/(?<!\\)(?:\\\\)*\\u0000/.test(text)) throw new InvalidEventError('Event data must not contain the NUL character');
  return JSON.parse(text) as EventData;
}

export type HashedContent = Pick<RecordedEvent, 'eventId' | 'streamId' | 'revision' | 'type' | 'schemaVersion' | 'data' | 'metadata'>;

function metadataJson(metadata: EventMetadata): JsonValue {
  return {
    actor: { id: metadata.actor.id, name: metadata.actor.name, role: metadata.actor.role },
    recordedAt: metadata.recordedAt.toISOString(),
    effectiveAt: metadata.effectiveAt.toISOString(),
    reason: metadata.reason,
    commandId: metadata.commandId,
    correlationId: metadata.correlationId,
    causationId: metadata.causationId,
    origin: metadata.origin,
  };
}

/**
 * SHA-256 over the event's canonical content chained to the previous event's hash in its stream,
 * so that editing, deleting or reordering a stored event breaks the chain from that event on.
 * The global position is left out: some backends only know it after the write.
 */
export function hashEvent(event: HashedContent, previousHash: string | null): string {
  const content = canonicalJson({
    previousHash,
    eventId: event.eventId,
    streamId: event.streamId,
    revision: event.revision,
    type: event.type,
    schemaVersion: event.schemaVersion,
    data: event.data,
    metadata: metadataJson(event.metadata),
  });
  return createHash('sha256').update(content, 'utf8').digest('hex');
}

/**
 * A UUID (version 5 layout) derived from a seed: the same seed always names the same thing, so a
 * retried command proposes the same ids as its first attempt.
 */
export function uuidFromSeed(seed: string): string {
  const hex = createHash('sha1').update(seed, 'utf8').digest('hex');
  const variant = ((parseInt(hex[16]!, 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}
