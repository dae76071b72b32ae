import { createHash, hash } from 'node:crypto';
import type { EventData, JsonValue, RecordedEvent } from './event-envelope.js';
import { InvalidEventError } from './event-store.errors.js';

/**
 * JSON with keys sorted at every level and no white space: one text per value, whatever the key
 * order. Built by appending to one string rather than mapping and joining arrays: every event is
 * hashed through here, and an import hashes hundreds of thousands.
 */
export function canonicalJson(value: JsonValue): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) {
    let text = '[';
    for (let n = 0; n < value.length; n++) text += (n === 0 ? '' : ',') + canonicalJson(value[n] as JsonValue);
    return `${text}]`;
  }
  const keys = Object.keys(value).sort();
  let text = '{';
  for (let n = 0; n < keys.length; n++) {
    const key = keys[n]!;
    text += `${n === 0 ? '' : ','}${JSON.stringify(key)}:${canonicalJson(value[key] as JsonValue)}`;
  }
  return `${text}}`;
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
  if (/(?<!\\)(?:\\\\)*\\u0000/.test(text))
    throw new InvalidEventError('Event data must not contain the NUL character');
  return JSON.parse(text) as EventData;
}

export type HashedContent = Pick<
  RecordedEvent,
  'eventId' | 'streamId' | 'revision' | 'type' | 'schemaVersion' | 'data' | 'metadata'
>;

/**
 * SHA-256 over the event's canonical content chained to the previous event's hash in its stream,
 * so that editing, deleting or reordering a stored event breaks the chain from that event on.
 * The global position is left out: some backends only know it after the write.
 *
 * The content is canonicalJson of { previousHash, eventId, streamId, revision, type,
 * schemaVersion, data, metadata: { actor: { id, name, role }, recordedAt, effectiveAt (ISO),
 * reason, commandId, correlationId, causationId, origin } }. The envelope's keys are fixed, so it
 * is written out here in canonicalJson's order (keys sorted) instead of being built as an object
 * and sorted again for every event (an ISO time needs no escaping); the spec holds it to
 * canonicalJson of that object.
 */
export function hashEvent(event: HashedContent, previousHash: string | null): string {
  const metadata = event.metadata;
  const actor = metadata.actor;
  const content =
    `{"data":${canonicalJson(event.data)},"eventId":${JSON.stringify(event.eventId)},` +
    `"metadata":{"actor":{"id":${JSON.stringify(actor.id)},"name":${JSON.stringify(actor.name)},"role":${JSON.stringify(actor.role)}},` +
    `"causationId":${JSON.stringify(metadata.causationId)},"commandId":${JSON.stringify(metadata.commandId)},` +
    `"correlationId":${JSON.stringify(metadata.correlationId)},"effectiveAt":"${metadata.effectiveAt.toISOString()}",` +
    `"origin":${JSON.stringify(metadata.origin)},"reason":${JSON.stringify(metadata.reason)},"recordedAt":"${metadata.recordedAt.toISOString()}"},` +
    `"previousHash":${JSON.stringify(previousHash)},"revision":${JSON.stringify(event.revision)},"schemaVersion":${JSON.stringify(event.schemaVersion)},` +
    `"streamId":${JSON.stringify(event.streamId)},"type":${JSON.stringify(event.type)}}`;
  // One-shot: no Hash object per event.
  return hash('sha256', content, 'hex');
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
