import type { Actor, EventData, EventMetadata, NewEvent, RecordedEvent } from './event-envelope.js';

/** The stream must not exist yet. */
export const NO_STREAM = 'no_stream' as const;
/** No concurrency check: append after whatever is there. */
export const ANY = 'any' as const;
/** `NO_STREAM`, `ANY`, or the revision of the stream's last event. */
export type ExpectedRevision = typeof NO_STREAM | typeof ANY | number;

export interface AppendOptions {
  expectedRevision: ExpectedRevision;
  actor: Actor;
  origin: string;
  reason?: string | null;
  /** When the change took effect; defaults to the recorded time. A future time is refused. */
  effectiveAt?: Date;
  /** A repeated commandId appends nothing and returns the first append's result. */
  commandId?: string | null;
  correlationId?: string;
  causationId?: string | null;
  /**
   * The stream's last event as the caller has just read it (null: the stream was empty), so the
   * store need not read it again. Only a hint: a store may ignore it, and one that is out of date
   * is found by the store and treated as if it had not been given.
   */
  knownHead?: KnownHead | null;
}

export interface AppendResult {
  /** Revision of the stream's last event after the append: the next expected revision. */
  nextExpectedRevision: number;
  /** Global position of the last event appended. */
  position: number;
  /** True when the commandId had been seen and nothing was appended. */
  duplicate: boolean;
  /**
   * The events appended, as stored (positions, hashes, times), when the store knows them without
   * reading them back: a caller keeping the stream folded can fold them on. Absent on a duplicate,
   * and from a store that cannot tell.
   */
  recorded?: RecordedEvent[];
}

/** One stream's part of an appendMany. */
export interface StreamWrite<D extends EventData = EventData> {
  streamId: string;
  events: NewEvent<D>[];
  expectedRevision: ExpectedRevision;
}

export interface AppendManyResult {
  /** Global position of the last event appended (of the first append, when duplicate). */
  position: number;
  duplicate: boolean;
  /** Each stream's last revision after the append (as it stands now, when duplicate). */
  streams: { streamId: string; nextExpectedRevision: number | null }[];
}

export interface ReadStreamOptions {
  fromRevision?: number;
  /** Only events recorded at or before this time (what the system showed then). */
  recordedUpTo?: Date;
  maxCount?: number;
}

export interface ReadAllOptions {
  /** Exclusive: events after this position. 0 (the default) reads from the start. */
  after?: number;
  maxCount?: number;
}

/**
 * An event without who made the change and why (actor, reason, command, correlation, causation,
 * origin) and without its hash: what a rebuild folds when the read models' database holds the
 * events table and every other column is copied from it in SQL (see readAllSummaries).
 */
export type EventSummary = Omit<RecordedEvent, 'metadata' | 'hash'> & {
  /**
   * The times; and the reason and origin only where they are stored sealed, so that a reader
   * copying the rest from the events table in SQL (the audit log's rebuild) is given them opened.
   */
  metadata: Pick<EventMetadata, 'recordedAt' | 'effectiveAt'> & Partial<Pick<EventMetadata, 'reason' | 'origin'>>;
};

export interface ReadAllPage<Event extends EventSummary = RecordedEvent> {
  events: Event[];
  /** Pass as `after` to read the next page; equals `after` when nothing new was readable. */
  lastPosition: number;
  /** True when no further committed event could be read now. */
  isEnd: boolean;
}

export interface SubscribeOptions {
  /** Exclusive checkpoint: deliver events after this position. 0 delivers from the start. */
  after: number;
  /** Awaited before the next event is delivered; a throw stops the subscription. */
  onEvent: (event: RecordedEvent) => Promise<void>;
  onError?: (error: unknown) => void;
  /** Called each time the subscription has delivered everything committed so far. */
  onCaughtUp?: (position: number) => void;
}

export interface Subscription {
  /** Position of the last event the handler finished with. */
  readonly position: number;
  /** Resolves when the loop has ended; no event is delivered after it resolves. */
  stop(): Promise<void>;
  /** Resolves when the subscription stops by itself (error) or is stopped. */
  readonly done: Promise<void>;
}

export interface CommandsReport {
  commands: number;
  /** The first problems in position order (at most 10 of each kind), each a sentence naming the command and event. */
  problems: string[];
}

export interface StreamHead {
  revision: number;
  hash: string;
}

/** A stream head as a reader saw it, with its recorded time: a stream's recorded times never go back. */
export interface KnownHead extends StreamHead {
  recordedAt: Date;
}

export interface EventStore {
  readonly backend: 'postgres' | 'embedded' | 'eventstoredb';
  append<D extends EventData>(streamId: string, events: NewEvent<D>[], options: AppendOptions): Promise<AppendResult>;
  /**
   * Appends to several streams as one: on PostgreSQL (server or embedded) all of it or none of
   * it, in one statement — a stale expected revision on any stream writes nothing. EventStoreDB
   * has no multi-stream transaction: there the streams are checked first and written one by one,
   * each under its own derived command id, so a retry after a failure completes what is missing.
   */
  appendMany(writes: StreamWrite[], options: Omit<AppendOptions, 'expectedRevision'>): Promise<AppendManyResult>;
  readStream(streamId: string, options?: ReadStreamOptions): Promise<RecordedEvent[]>;
  /** Events in global order, never skipping one that commits later at a lower position. */
  readAll(options?: ReadAllOptions): Promise<ReadAllPage>;
  /**
   * readAll's pages as summaries, by the same rules. Only stores that can read less for them
   * have it (the PostgreSQL ones: half the columns, a third less time reading a million events).
   */
  readAllSummaries?(options?: ReadAllOptions): Promise<ReadAllPage<EventSummary>>;
  /**
   * The global chain, where the store keeps one (the PostgreSQL stores: a sealer in the service
   * extends it after commit; `oversight verify` checks it). Unset on EventStoreDB.
   */
  readonly chain?: EventChain;
  /**
   * Checks the record of handled commands against the events (the PostgreSQL stores: the
   * `oversight_commands` table): each row's event there, and each event's command id recorded.
   */
  verifyCommands?(): Promise<CommandsReport>;
  /** Catch-up subscription: every committed event after `after` once, in order, then live ones. */
  subscribeToAll(options: SubscribeOptions): Subscription;
  /** Every stream id that holds an event, ordered by the position of its first event. */
  listStreams(): AsyncIterable<string>;
  /** The position of the last committed event (0 when empty): how far a full read will go, for progress. */
  headPosition(): Promise<number>;
  /** Whether the store answers; throws with the cause when it does not. */
  ping(): Promise<void>;
  close(): Promise<void>;
}

/**
 * One link of the global chain: an event's place in global order, bound to its own hash and to
 * the link before it. Each event's hash covers its stream (the stream chain); the links cover the
 * whole store in position order, so a removed, inserted or reordered event anywhere breaks them,
 * a whole stream or a stream's last events included.
 */
export interface ChainLink {
  position: number;
  streamId: string;
  revision: number;
  eventHash: string;
  /** The previous link's hash; null for the first event of the store. */
  previousLinkHash: string | null;
  linkHash: string;
}

/**
 * Where a store keeps its global chain. The PostgreSQL stores (server and embedded) keep it in
 * `oversight_chain`; EventStoreDB has none (its adapter leaves `EventStore.chain` unset: see
 * docs/operating.md).
 */
export interface EventChain {
  /** The last link, or null when nothing is sealed yet. */
  head(): Promise<ChainLink | null>;
  /** Links after `after` (exclusive), in position order. */
  readLinks(options: { after: number; maxCount: number }): Promise<ChainLink[]>;
  /**
   * Appends `links` if the chain's head is still `after` (null: empty); false, writing nothing,
   * when another sealer has moved it.
   */
  seal(links: ChainLink[], after: ChainLink | null): Promise<boolean>;
}
