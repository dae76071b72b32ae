import { randomUUID } from 'node:crypto';
import {
  BACKWARDS,
  END,
  EventStoreDBClient,
  NO_STREAM as ESDB_NO_STREAM,
  START,
  StreamNotFoundError,
  WrongExpectedVersionError,
  jsonEvent,
  streamNameFilter,
  type AppendResult as EsdbAppendResult,
  type Position,
  type ReadPosition,
  type RecordedEvent as EsdbRecordedEvent,
} from '@eventstore/db-client';
import type { Actor, EventData, NewEvent, RecordedEvent } from '../event-envelope.js';
import { InvalidEventError, WrongExpectedRevisionError } from '../event-store.errors.js';
import {
  ANY,
  NO_STREAM,
  type AppendManyResult,
  type AppendOptions,
  type AppendResult,
  type EventStore,
  type ReadAllOptions,
  type ReadAllPage,
  type ReadStreamOptions,
  type StreamHead,
  type StreamWrite,
  type SubscribeOptions,
  type Subscription,
} from '../event-store.port.js';
import { uuidFromSeed } from '../event-hash.js';
import { prepareAppend, type PreparedEvent } from '../prepare-append.js';

/** One tiny stream per commandId records the first append's result (see `append`). */
const COMMAND_STREAM_PREFIX = 'oversight-command-';
const COMMAND_RECORDED = 'CommandRecorded';
/** Server-side filter for subscriptions: neither `$` system streams nor command markers (.NET regex). */
const VISIBLE_STREAM_REGEX = '^(?!\\$|oversight-command-)';
/** Appends with ANY retry when another writer moved the head first; this bounds the loop. */
const MAX_ANY_RETRIES = 10;
const DEFAULT_PAGE_SIZE = 1000;
const PING_DEADLINE_MS = 5000;

/** What an event's ESDB metadata holds: the envelope fields ESDB has no place for, and the hash. */
interface StoredMetadata {
  schemaVersion: number;
  actor: Actor;
  recordedAt: string;
  effectiveAt: string;
  reason: string | null;
  commandId: string | null;
  correlationId: string;
  causationId: string | null;
  origin: string;
  hash: string;
  /** ESDB's own conventions, so its tooling (and the by-correlation projection) can follow causality. */
  $correlationId: string;
  $causationId?: string;
}

/** The body of a `CommandRecorded` marker event. */
interface CommandRecord {
  streamId: string;
  nextExpectedRevision: number;
  position: number;
}

/** A stream's last event, as far as an append needs it. */
interface Head extends StreamHead {
  position: number;
  recordedAt: Date;
  commandId: string | null;
}

/**
 * The event store on EventStoreDB (v20+ over gRPC). Envelope fields ESDB does not model travel in
 * each event's JSON metadata; the global position is the event's commit position in the log.
 */
export class EventStoreDbEventStore implements EventStore {
  readonly backend = 'eventstoredb' as const;
  private readonly subscriptions = new Set<Subscription>();

  constructor(private readonly client: EventStoreDBClient) {}

  /** Connects with an `esdb://` connection string and checks that the server answers. */
  static async connect(url: string): Promise<EventStoreDbEventStore> {
    const store = new EventStoreDbEventStore(EventStoreDBClient.connectionString(url));
    try {
      await store.ping();
    } catch (error) {
      await store.close().catch(() => undefined);
      throw error;
    }
    return store;
  }

  /**
   * Idempotency by commandId spans two streams (the events, then the command's marker), and ESDB
   * has no transaction across streams, so the pair is not atomic. It is still safe for retries:
   * - the marker is written only after the events, so a marker never points at nothing;
   * - if the process dies between the two writes, a retry finds the stream's head carrying this
   *   commandId, writes the missing marker and answers "duplicate" without appending again;
   * - two retries racing each other read the same head, so they send the same expected revision
   *   and, thanks to ids derived from the commandId, the same event ids: ESDB treats the second
   *   write as idempotent instead of appending twice, and only one marker (NO_STREAM) can exist.
   * The gap left: a marker-less command whose events are no longer the head (another writer
   * appended in between) is not recognised; with a numeric expected revision the retry then fails
   * with WrongExpectedRevisionError (nothing duplicated), with ANY it would append again.
   */
  async append<D extends EventData>(
    streamId: string,
    events: NewEvent<D>[],
    options: AppendOptions,
  ): Promise<AppendResult> {
    // Reserved names would be written and then hidden from every global read.
    if (isHiddenStream(streamId))
      throw new InvalidEventError(`Stream ids starting with "$" or "${COMMAND_STREAM_PREFIX}" are reserved`);
    if (events.some((event) => event.type.startsWith('$')))
      throw new InvalidEventError('Event types starting with "$" are reserved');
    const commandId = options.commandId ?? null;
    const proposed = events.map((event, index) => ({
      ...event,
      eventId: esdbEventId(event.eventId, commandId, index),
    }));

    for (let attempt = 0; ; attempt += 1) {
      if (commandId !== null) {
        const earlier = await this.readCommand(commandId);
        if (earlier) return earlier;
      }
      const head = await this.readHead(streamId);
      if (commandId !== null && head?.commandId === commandId) {
        // The command's events are in, its marker is not (the writer died in between): mend it.
        return { ...(await this.recordCommand(commandId, streamId, head.revision, head.position)), duplicate: true };
      }
      // The hash covers recordedAt, so it must be known before the write: the adapter's clock,
      // never behind the head's, so a stream's recordedAt never goes backwards (recordedUpTo relies on it).
      const now = new Date();
      const recordedAt = head && head.recordedAt.getTime() > now.getTime() ? new Date(head.recordedAt.getTime()) : now;
      const prepared = prepareAppend(streamId, proposed, options, head, recordedAt);
      const last = prepared[prepared.length - 1]!;
      let result: EsdbAppendResult;
      try {
        // Always the head actually read, even for ANY: the hash chain was built on it and must not fork.
        result = await this.client.appendToStream(streamId, prepared.map(toEsdbEvent), {
          expectedRevision: head ? BigInt(head.revision) : ESDB_NO_STREAM,
        });
        if (!result.success) {
          // A client built with throwOnAppendFailure=false answers instead of throwing, and v6's batch
          // append then misreports the current revision: read it again.
          const current = await this.readHead(streamId);
          throw new WrongExpectedVersionError(undefined, {
            streamName: streamId,
            expected: head ? BigInt(head.revision) : ESDB_NO_STREAM,
            current: current ? BigInt(current.revision) : ESDB_NO_STREAM,
          });
        }
      } catch (error) {
        if (!(error instanceof WrongExpectedVersionError)) throw error;
        if (options.expectedRevision === ANY && attempt < MAX_ANY_RETRIES) continue;
        if (commandId !== null) {
          // A concurrent retry of this same command may be what moved the head.
          const earlier = await this.readCommand(commandId);
          if (earlier) return earlier;
        }
        const actual = error.actualVersion === ESDB_NO_STREAM ? null : Number(error.actualVersion);
        throw new WrongExpectedRevisionError(streamId, options.expectedRevision, actual);
      }
      const position = await this.positionAfterAppend(streamId, last.revision, result);
      if (commandId !== null) return this.recordCommand(commandId, streamId, last.revision, position);
      return { nextExpectedRevision: last.revision, position, duplicate: false };
    }
  }

  /**
   * EventStoreDB 24 has no multi-stream transaction, so this is not atomic: every stream's
   * expected revision is checked first (a stale one writes nothing), then the streams are written
   * one by one, each under `<commandId>#<stream>` so that repeating the call after a failure
   * part-way writes only what is missing and doubles nothing.
   */
  async appendMany(writes: StreamWrite[], options: Omit<AppendOptions, 'expectedRevision'>): Promise<AppendManyResult> {
    if (writes.length === 0) throw new InvalidEventError('appendMany needs at least one stream');
    if (new Set(writes.map((write) => write.streamId)).size !== writes.length)
      throw new InvalidEventError('appendMany takes each stream once');
    const commandId = options.commandId ?? null;
    const correlationId = options.correlationId ?? commandId ?? randomUUID();
    for (const write of writes) {
      if (write.expectedRevision === ANY) continue;
      if (commandId !== null && (await this.readCommand(`${commandId}#${write.streamId}`))) continue;
      const actual = (await this.readHead(write.streamId))?.revision ?? null;
      if (write.expectedRevision === NO_STREAM ? actual !== null : actual !== write.expectedRevision) {
        throw new WrongExpectedRevisionError(write.streamId, write.expectedRevision, actual);
      }
    }
    const results: (AppendResult & { streamId: string })[] = [];
    for (const write of writes) {
      const result = await this.append(write.streamId, write.events, {
        ...options,
        correlationId,
        expectedRevision: write.expectedRevision,
        commandId: commandId === null ? null : `${commandId}#${write.streamId}`,
      });
      results.push({ ...result, streamId: write.streamId });
    }
    return {
      position: Math.max(...results.map((result) => result.position)),
      duplicate: results.every((result) => result.duplicate),
      streams: results.map((result) => ({
        streamId: result.streamId,
        nextExpectedRevision: result.nextExpectedRevision,
      })),
    };
  }

  async readStream(streamId: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    if (isHiddenStream(streamId) || options.maxCount === 0) return [];
    const upTo = options.recordedUpTo?.getTime();
    const events: RecordedEvent[] = [];
    try {
      const read = quiet(
        this.client.readStream(streamId, {
          fromRevision: options.fromRevision ? BigInt(options.fromRevision) : START,
          maxCount: options.maxCount,
        }),
      );
      for await (const resolved of read) {
        if (!resolved.event || !isVisible(resolved.event)) continue;
        const event = toRecordedEvent(resolved.event);
        // recordedAt never decreases along a stream, so the first later one ends what was shown then.
        if (upTo !== undefined && event.metadata.recordedAt.getTime() > upTo) {
          await read.cancel();
          break;
        }
        events.push(event);
      }
    } catch (error) {
      if (error instanceof StreamNotFoundError) return [];
      throw error;
    }
    return events;
  }

  /**
   * $all is the server's log: positions are handed out in log order and reads stop at the last
   * indexed record, so no event can later appear below a position already read.
   */
  async readAll(options: ReadAllOptions = {}): Promise<ReadAllPage> {
    const after = options.after ?? 0;
    const maxCount = options.maxCount ?? DEFAULT_PAGE_SIZE;
    const events: RecordedEvent[] = [];
    let lastPosition = after;
    if (maxCount <= 0) return { events, lastPosition, isEnd: false };
    // Reads are inclusive of their start, so a page reads one more than it may return.
    for await (const event of this.scanAll(after, Math.min(maxCount + 1, DEFAULT_PAGE_SIZE))) {
      // Hidden events move the checkpoint too, so the next page does not read them again.
      lastPosition = commitPosition(event);
      if (!isVisible(event)) continue;
      events.push(toRecordedEvent(event));
      if (events.length >= maxCount) return { events, lastPosition, isEnd: false };
    }
    return { events, lastPosition, isEnd: true };
  }

  subscribeToAll(options: SubscribeOptions): Subscription {
    const { after, onEvent, onCaughtUp } = options;
    const onError = options.onError ?? ((error: unknown) => console.error('Subscription stopped:', error));
    const esdb = quiet(
      this.client.subscribeToAll({
        fromPosition: readPositionAfter(after),
        filter: streamNameFilter({ regex: VISIBLE_STREAM_REGEX }),
      }),
    );
    let position = after;
    let stopping = false;
    let failure: { error: unknown } | null = null;

    // ESDB says "caught up" when it has *sent* everything so far, while some of it may still wait in
    // the stream's buffer: count what was buffered then, and report once the loop has handled that much.
    let pulled = 0;
    let handled = 0;
    const caughtUpAt: number[] = [];
    const reportCaughtUp = () => {
      while (caughtUpAt.length > 0 && caughtUpAt[0]! <= handled && !stopping) {
        caughtUpAt.shift();
        try {
          onCaughtUp?.(position);
        } catch (error) {
          failure ??= { error };
          void release();
        }
      }
    };
    if (onCaughtUp) {
      esdb.on('caughtUp', () => {
        caughtUpAt.push(pulled + esdb.readableLength);
        reportCaughtUp();
      });
    }

    const release = async () => {
      stopping = true;
      await esdb.unsubscribe().catch(() => undefined); // cancels the gRPC call
      esdb.destroy(); // ends a loop waiting for the next event
    };

    const run = async () => {
      try {
        for await (const resolved of esdb) {
          pulled += 1;
          if (stopping) break;
          const event = resolved.event;
          // The server filter already drops hidden streams; events are checked again (a `$` event
          // type in a user stream, a restart at `after` on servers that include it).
          if (event && isVisible(event) && commitPosition(event) > position) {
            const recorded = toRecordedEvent(event);
            try {
              await onEvent(recorded);
            } catch (error) {
              failure = { error };
              break;
            }
            position = recorded.position;
          }
          handled += 1;
          reportCaughtUp();
        }
        // A catch-up subscription has no natural end: the server closing it is a failure to report.
        if (!stopping) failure ??= { error: new Error('EventStoreDB ended the subscription') };
      } catch (error) {
        // Errors from a stream we are tearing down are expected; others end the subscription.
        if (!stopping) failure ??= { error };
      } finally {
        await release();
        this.subscriptions.delete(subscription);
        if (failure) onError(failure.error);
      }
    };
    const done = run();

    const subscription: Subscription = {
      get position() {
        return position;
      },
      async stop() {
        if (!stopping) await release();
        await done;
      },
      done,
    };
    this.subscriptions.add(subscription);
    return subscription;
  }

  /** Streams in creation order: the order of their first events (revision 0) in $all. */
  async *listStreams(): AsyncIterable<string> {
    for await (const event of this.scanAll(0, DEFAULT_PAGE_SIZE)) {
      if (event.revision === 0n && isVisible(event)) yield event.streamId;
    }
  }

  /** The last visible event's commit position: read backwards past system and marker records. */
  async headPosition(): Promise<number> {
    const read = quiet(this.client.readAll({ fromPosition: END, direction: BACKWARDS, maxCount: DEFAULT_PAGE_SIZE }));
    for await (const resolved of read) {
      if (resolved.event && isVisible(resolved.event)) {
        const position = commitPosition(resolved.event);
        await read.cancel();
        return position;
      }
    }
    return 0;
  }

  async ping(): Promise<void> {
    const read = quiet(
      this.client.readAll({ fromPosition: END, direction: BACKWARDS, maxCount: 1, deadline: PING_DEADLINE_MS }),
    );
    for await (const _ of read) break;
  }

  async close(): Promise<void> {
    await Promise.all([...this.subscriptions].map((subscription) => subscription.stop()));
    await this.client.dispose();
  }

  /**
   * Every record of $all after `after`, hidden ones included, read in bounded pages. Positions
   * compare as (commit, prepare) pairs; for events appended over gRPC both are the event's own
   * log position, so a number `after` names exactly one event.
   */
  private async *scanAll(after: number, pageSize: number): AsyncGenerator<EsdbRecordedEvent & { position: Position }> {
    let from: Position | null = after > 0 ? { commit: BigInt(after), prepare: BigInt(after) } : null;
    for (;;) {
      const read = quiet(this.client.readAll({ fromPosition: from ?? START, maxCount: pageSize }));
      let count = 0;
      let finished = false;
      try {
        for await (const resolved of read) {
          count += 1;
          const event = resolved.event;
          if (!event) continue;
          if (from && comparePositions(event.position, from) <= 0) continue; // the inclusive start
          from = event.position;
          yield event;
        }
        finished = true;
      } finally {
        if (!finished) await read.cancel(); // the consumer stopped early
      }
      if (count < pageSize) return;
    }
  }

  /** The stream's last event, or null when the stream does not exist. */
  private async readHead(streamId: string): Promise<Head | null> {
    const event = await this.readOne(streamId, 'last');
    if (!event) return null;
    const recorded = toRecordedEvent(event);
    return {
      revision: recorded.revision,
      hash: recorded.hash,
      position: recorded.position,
      recordedAt: recorded.metadata.recordedAt,
      commandId: recorded.metadata.commandId,
    };
  }

  private async readOne(streamName: string, which: 'first' | 'last'): Promise<EsdbRecordedEvent | null> {
    const read = quiet(
      this.client.readStream(
        streamName,
        which === 'last' ? { fromRevision: END, direction: BACKWARDS, maxCount: 1 } : { maxCount: 1 },
      ),
    );
    try {
      for await (const resolved of read) {
        if (resolved.event) return resolved.event;
      }
      return null;
    } catch (error) {
      if (error instanceof StreamNotFoundError) return null;
      throw error;
    }
  }

  /** The first append's result of a command, when one was recorded. */
  private async readCommand(commandId: string): Promise<AppendResult | null> {
    const marker = await this.readOne(commandStream(commandId), 'first');
    if (!marker) return null;
    const record = marker.data as unknown as CommandRecord;
    return { nextExpectedRevision: record.nextExpectedRevision, position: record.position, duplicate: true };
  }

  /**
   * Writes the command's marker (NO_STREAM: there is only ever one). When another writer got there
   * first, its record is the answer. Any other failure propagates: the events are in, and the
   * caller's retry is answered as a duplicate from the stream's head.
   */
  private async recordCommand(
    commandId: string,
    streamId: string,
    nextExpectedRevision: number,
    position: number,
  ): Promise<AppendResult> {
    const record: CommandRecord = { streamId, nextExpectedRevision, position };
    try {
      await this.client.appendToStream(
        commandStream(commandId),
        jsonEvent({
          type: COMMAND_RECORDED,
          data: { ...record },
          metadata: { recordedAt: new Date().toISOString(), commandId, $correlationId: commandId },
        }),
        { expectedRevision: ESDB_NO_STREAM },
      );
      return { nextExpectedRevision, position, duplicate: false };
    } catch (error) {
      if (!(error instanceof WrongExpectedVersionError)) throw error;
      const earlier = await this.readCommand(commandId);
      if (!earlier) throw error;
      return earlier;
    }
  }

  /**
   * The position of the append's last event. Read back rather than taken from the append's answer:
   * for a batch that answer is the write's position, not clearly its last event's, and an
   * idempotent (repeated) write reports no new position at all.
   */
  private async positionAfterAppend(streamId: string, revision: number, result: EsdbAppendResult): Promise<number> {
    const read = quiet(this.client.readStream(streamId, { fromRevision: BigInt(revision), maxCount: 1 }));
    for await (const resolved of read) {
      if (resolved.event?.position) return Number(resolved.event.position.commit);
    }
    if (result.position) return Number(result.position.commit); // servers before 22.6 give no positions in stream reads
    throw new Error(`EventStoreDB returned no position for ${streamId}@${revision}`);
  }
}

/** `$` streams are the server's; marker streams are this adapter's bookkeeping. */
function isHiddenStream(streamId: string): boolean {
  return streamId.startsWith('$') || streamId.startsWith(COMMAND_STREAM_PREFIX);
}

/** Excludes system streams and events (a tombstone's `$streamDeleted` lives in the user stream) and markers. */
function isVisible(event: EsdbRecordedEvent): boolean {
  return !isHiddenStream(event.streamId) && !event.type.startsWith('$');
}

function commandStream(commandId: string): string {
  return `${COMMAND_STREAM_PREFIX}${commandId}`;
}

/**
 * ESDB ids must be UUIDs and come back lower-case, and the hash covers the id: a caller's id is
 * checked and lower-cased before hashing. Without one, an append with a commandId gets ids derived
 * from it (UUID v5 layout over SHA-1 of `${commandId}:${index}`), so that a retry racing the marker
 * proposes the same ids and ESDB's own idempotency drops the repeat. Otherwise a random uuid.
 */
function esdbEventId(given: string | undefined, commandId: string | null, index: number): string | undefined {
  if (given !== undefined) return given; // checked and lower-cased by prepareAppend
  if (commandId === null) return undefined; // prepareAppend picks a random uuid
  return uuidFromSeed(`${commandId}:${index}`);
}

function toEsdbEvent(event: PreparedEvent) {
  const m = event.metadata;
  const metadata: StoredMetadata = {
    schemaVersion: event.schemaVersion,
    actor: { id: m.actor.id, name: m.actor.name, role: m.actor.role },
    recordedAt: m.recordedAt.toISOString(),
    effectiveAt: m.effectiveAt.toISOString(),
    reason: m.reason,
    commandId: m.commandId,
    correlationId: m.correlationId,
    causationId: m.causationId,
    origin: m.origin,
    hash: event.hash,
    $correlationId: m.correlationId,
    ...(m.causationId !== null ? { $causationId: m.causationId } : {}),
  };
  return jsonEvent({ id: event.eventId, type: event.type, data: event.data, metadata: { ...metadata } });
}

/** Maps an ESDB event back to the envelope exactly as it was hashed. */
function toRecordedEvent(event: EsdbRecordedEvent): RecordedEvent {
  const metadata = event.metadata as Partial<StoredMetadata> | undefined;
  if (!event.isJson || !metadata || typeof metadata !== 'object' || typeof metadata.hash !== 'string') {
    throw new Error(
      `Event ${event.id} in ${event.streamId} was not written by this store (no envelope in its metadata)`,
    );
  }
  const m = metadata as StoredMetadata;
  return {
    eventId: event.id,
    streamId: event.streamId,
    revision: Number(event.revision),
    position: commitPosition(event),
    type: event.type,
    schemaVersion: m.schemaVersion,
    data: event.data as EventData,
    metadata: {
      actor: { id: m.actor.id, name: m.actor.name, role: m.actor.role },
      recordedAt: new Date(m.recordedAt),
      effectiveAt: new Date(m.effectiveAt),
      reason: m.reason,
      commandId: m.commandId,
      correlationId: m.correlationId,
      causationId: m.causationId,
      origin: m.origin,
    },
    hash: m.hash,
  };
}

/** The global position: the commit position, as a JS number (exact below 2^53 bytes of log). */
function commitPosition(event: EsdbRecordedEvent): number {
  if (!event.position)
    throw new Error(
      `EventStoreDB returned no position for ${event.streamId}@${event.revision} (server 22.6 or later needed)`,
    );
  return Number(event.position.commit);
}

function comparePositions(a: Position, b: Position): number {
  if (a.commit !== b.commit) return a.commit < b.commit ? -1 : 1;
  return a.prepare === b.prepare ? 0 : a.prepare < b.prepare ? -1 : 1;
}

/** No event sits at log position 0 (the log opens with the server's own records), so 0 is the start. */
function readPositionAfter(after: number): ReadPosition {
  return after > 0 ? { commit: BigInt(after), prepare: BigInt(after) } : START;
}

/**
 * Errors still reach the `for await` loop reading the stream; this only keeps one arriving after the
 * loop has let go of it (a late gRPC error) from becoming an unhandled 'error' event.
 */
function quiet<T extends { on(event: 'error', listener: (error: Error) => void): unknown }>(stream: T): T {
  stream.on('error', () => undefined);
  return stream;
}
