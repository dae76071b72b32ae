/**
 * The envelope every stored event carries, whatever the backend.
 * Times are JavaScript Dates truncated to milliseconds, so that what is hashed is what is read back.
 */

/** Who made a change. Comes from the credential, never from a request body. */
export interface Actor {
  id: string;
  name: string;
  role: string;
}

export interface EventMetadata {
  actor: Actor;
  /** When the store recorded the event: set by the store's clock, never by the caller. */
  recordedAt: Date;
  /** When the change took effect in the world; defaults to recordedAt, never after it. */
  effectiveAt: Date;
  reason: string | null;
  commandId: string | null;
  correlationId: string;
  causationId: string | null;
  /** `api`, or `import:<file>#<sheet>!<row>`. */
  origin: string;
}

export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };
export type EventData = { [key: string]: JsonValue };

export interface RecordedEvent<Data extends EventData = EventData, Type extends string = string> {
  eventId: string;
  streamId: string;
  /** 0 for the first event of a stream. */
  revision: number;
  /** Place in the store's global order; strictly increasing in delivery order, not necessarily dense. */
  position: number;
  type: Type;
  schemaVersion: number;
  data: Data;
  metadata: EventMetadata;
  /** SHA-256 (hex) over this event's canonical content and the previous event's hash in the stream. */
  hash: string;
}

/** An event as a caller proposes it; the store fills in the rest of the envelope. */
export interface NewEvent<Data extends EventData = EventData, Type extends string = string> {
  type: Type;
  data: Data;
  schemaVersion?: number;
  /** Lets a caller pick the id (for example derived from an import row); a uuid otherwise. */
  eventId?: string;
  /** Overrides the append's effectiveAt for this event (a dated comment, say). */
  effectiveAt?: Date;
  /** Overrides the append's reason for this event. */
  reason?: string | null;
  /** Overrides the append's origin for this event (the workbook row an imported event came from). */
  origin?: string;
}
