import pg from 'pg';
import type { EventData, NewEvent, RecordedEvent } from '../event-envelope.js';
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
  type EventSummary,
  type ReadStreamOptions,
  type KnownHead,
  type StreamHead,
  type SubscribeOptions,
  type StreamWrite,
  type Subscription,
} from '../event-store.port.js';
import { randomUUID } from 'node:crypto';
import { prepareAppend, type PreparedEvent } from '../prepare-append.js';
import { AWAIT, pollingSubscription, type Wake } from '../polling-subscription.js';
import { eventStoreMigrations } from './event-store.migrations.js';
import { runMigrations } from './migrate.js';
import { safeReadablePrefix, type ReadRow } from './safe-read.js';
import { eventRowTypes } from './timestamptz.js';
import { copyIn, copyTextChunks } from './copy-in.js';

const DUPLICATE_COMMAND = 'OV001';
/** oversight_append found a stream's head is no longer the event the append was chained to. */
const STALE_HEAD = 'OV003';
const UNIQUE_VIOLATION = '23505';
const STREAM_REVISION_CONSTRAINT = 'oversight_events_stream_revision';
/**
 * An append whose head moved under it retries while what it expected still holds (ANY, or a known
 * head that was out of date); this bounds the loop.
 */
const MAX_RETRIES = 10;

const EVENT_COLUMNS = `position, transaction_id::text AS transaction_id, stream_id, revision, event_id, type,
  schema_version, data, actor_id, actor_name, actor_role, recorded_at, effective_at, reason, command_id,
  correlation_id, causation_id, origin, hash`;

const SUMMARY_COLUMNS = `position, transaction_id::text AS transaction_id, stream_id, revision, event_id, type,
  schema_version, data, recorded_at, effective_at`;

type SummaryRow = Pick<EventRow, 'position' | 'transaction_id' | 'stream_id' | 'revision' | 'event_id' | 'type' | 'schema_version' | 'data' | 'recorded_at' | 'effective_at'>;

interface EventRow {
  position: string;
  transaction_id: string;
  stream_id: string;
  revision: string;
  event_id: string;
  type: string;
  schema_version: number;
  data: EventData;
  actor_id: string;
  actor_name: string;
  actor_role: string;
  recorded_at: Date;
  effective_at: Date;
  reason: string | null;
  command_id: string | null;
  correlation_id: string;
  causation_id: string | null;
  origin: string;
  hash: string;
}

interface CommandRow {
  next_revision: string;
  position: string;
}

interface AppendContextRow {
  head: { revision: number; hash: string } | null;
  now: Date;
  command: CommandRow | null;
}

export interface PostgresEventStoreOptions {
  /** How often a caught-up subscription looks for new events when no notification wakes it. */
  pollIntervalMs?: number;
  backend?: 'postgres' | 'embedded';
  /** Whether LISTEN/NOTIFY wakes subscriptions (PGlite served over a socket does not deliver them). */
  listen?: boolean;
  /**
   * On a server, appends of at least this many events are written by COPY (see writeByCopy);
   * fewer go in one statement, which is one round trip instead of five. Default 100; the tests
   * set 1 to hold the COPY path to the whole contract. PGlite served over a socket loses the
   * protocol's place after a COPY FROM STDIN now and then (tried here), so it never copies.
   */
  copyFromEvents?: number;
}

/** The least time between two NOTIFYs of one store's appends (see announce); subscriptions also poll every 50 ms. */
const NOTIFY_SPACING_MS = 5;
/** Appended events kept for this process's subscriptions: the latest few commands', not an import's. */
const HANDED_OVER = 2_000;

/** Below this many events an append's five round trips by COPY cost more than they save. */
const DEFAULT_COPY_FROM_EVENTS = 100;

/**
 * The event store on PostgreSQL (a server, or PGlite embedded). Appends are one statement each;
 * global reads only hand out events no later commit can precede (see safe-read.ts).
 */
export class PostgresEventStore implements EventStore {
  readonly backend: 'postgres' | 'embedded';
  private readonly pollIntervalMs: number;
  private readonly copyFromEvents: number;
  private listener: pg.Client | null = null;
  private readonly wakers = new Set<Wake>();
  /** This process's latest appends by position, as they were recorded: handed to its subscriptions (pollingSubscription). */
  private readonly appended = new Map<number, RecordedEvent>();
  /** This process's appends between their write and its answer. */
  private writing = 0;
  /** The last position this store's appends committed and announced (see announce). */
  private announced = 0;
  /** The NOTIFY on its way to other processes, and whether another must follow it. */
  private notifying: Promise<void> | null = null;
  private notifyAgain = false;
  /** Positions this store has notified and its own listener has yet to hear back. */
  private readonly ownNotices = new Set<string>();
  private closed = false;

  private constructor(
    private readonly pool: pg.Pool,
    options: PostgresEventStoreOptions,
  ) {
    this.backend = options.backend ?? 'postgres';
    this.pollIntervalMs = options.pollIntervalMs ?? 50;
    this.copyFromEvents = options.copyFromEvents ?? DEFAULT_COPY_FROM_EVENTS;
  }

  /** Migrates the schema, then returns a store over the pool (which the caller still owns). */
  static async open(pool: pg.Pool, options: PostgresEventStoreOptions = {}): Promise<PostgresEventStore> {
    await runMigrations(pool, 'oversight_event_store_migrations', eventStoreMigrations);
    const store = new PostgresEventStore(pool, options);
    if (options.listen ?? true) await store.listen();
    return store;
  }

  async append<D extends EventData>(streamId: string, events: NewEvent<D>[], options: AppendOptions): Promise<AppendResult> {
    for (let attempt = 0; ; attempt += 1) {
      // The caller's head saves a round trip on the first attempt; a retry reads the store's own.
      const hinted = attempt === 0 && options.knownHead !== undefined && agreesWithExpected(options.knownHead, options.expectedRevision);
      const context = hinted ? fromKnownHead(options.knownHead!) : await this.appendContext(streamId, options.commandId ?? null);
      if (context.command) return duplicateResult(context.command);
      const prepared = prepareAppend(streamId, events, options, context.head, context.now);
      try {
        const first = await this.write(prepared, options.commandId ?? null, new Map([[streamId, context.head]]));
        const recorded = prepared.map((event, n) => ({ ...event, position: first + n }));
        return { nextExpectedRevision: recorded.at(-1)!.revision, position: recorded.at(-1)!.position, duplicate: false, recorded };
      } catch (error) {
        const code = (error as { code?: string }).code;
        if (code !== DUPLICATE_COMMAND && !lostRace(error)) throw error;
        // Another append won: a retry of the same command answers as the first did.
        const now = await this.appendContext(streamId, options.commandId ?? null);
        if (now.command) return duplicateResult(now.command);
        if (code === DUPLICATE_COMMAND) throw error;
        // The head still agrees with what was expected (ANY, or a known head that was out of date): try again on it.
        if (agreesWithExpected(now.head, options.expectedRevision) && attempt < MAX_RETRIES) continue;
        throw new WrongExpectedRevisionError(streamId, options.expectedRevision, now.head?.revision ?? null);
      }
    }
  }

  /**
   * Every stream's events go to oversight_append together, so they land in one statement: the
   * unique (stream, revision) index refuses the whole of it if any stream moved since its head
   * was read, and positions are reserved once, in one block, as for a single append.
   */
  async appendMany(writes: StreamWrite[], options: Omit<AppendOptions, 'expectedRevision'>): Promise<AppendManyResult> {
    const streamIds = writes.map((write) => write.streamId);
    if (writes.length === 0) throw new InvalidEventError('appendMany needs at least one stream');
    if (new Set(streamIds).size !== streamIds.length) throw new InvalidEventError('appendMany takes each stream once');
    const commandId = options.commandId ?? null;
    const shared = { ...options, correlationId: options.correlationId ?? commandId ?? randomUUID() };
    for (let attempt = 0; ; attempt += 1) {
      const context = await this.appendManyContext(streamIds, commandId);
      if (context.command) return { position: Number(context.command.position), duplicate: true, streams: streamIds.map((streamId) => ({ streamId, nextExpectedRevision: context.heads.get(streamId)?.revision ?? null })) };
      const prepared = writes.flatMap((write) => prepareAppend(write.streamId, write.events, { ...shared, expectedRevision: write.expectedRevision }, context.heads.get(write.streamId) ?? null, context.now));
      try {
        const first = await this.write(prepared, commandId, context.heads);
        const last = new Map(prepared.map((event) => [event.streamId, event.revision]));
        return { position: first + prepared.length - 1, duplicate: false, streams: streamIds.map((streamId) => ({ streamId, nextExpectedRevision: last.get(streamId)! })) };
      } catch (error) {
        const code = (error as { code?: string }).code;
        if (code !== DUPLICATE_COMMAND && !lostRace(error)) throw error;
        const now = await this.appendManyContext(streamIds, commandId);
        if (now.command) return { position: Number(now.command.position), duplicate: true, streams: streamIds.map((streamId) => ({ streamId, nextExpectedRevision: now.heads.get(streamId)?.revision ?? null })) };
        if (code === DUPLICATE_COMMAND) throw error;
        const moved = writes.find((write) => write.expectedRevision !== ANY && (now.heads.get(write.streamId)?.revision ?? null) !== (context.heads.get(write.streamId)?.revision ?? null));
        if (!moved && attempt < MAX_RETRIES) continue;
        const stale = moved ?? writes[0]!;
        throw new WrongExpectedRevisionError(stale.streamId, stale.expectedRevision, now.heads.get(stale.streamId)?.revision ?? null);
      }
    }
  }

  /**
   * Writes an append's prepared events, chained to `heads` (each stream's head as read, or null
   * for a new stream), with the command's result; the first event's position. Throws OV003 when a
   * head moved, a unique violation when another append took a revision, OV001 when the command
   * was already handled.
   */
  private async write(prepared: PreparedEvent[], commandId: string | null, heads: ReadonlyMap<string, StreamHead | null>): Promise<number> {
    const byCopy = this.backend === 'postgres' && prepared.length >= this.copyFromEvents;
    let first: number;
    this.writing++;
    try {
      first = byCopy ? await this.writeByCopy(prepared, commandId, heads) : await this.writeByStatement(prepared, commandId, heads);
    } catch (error) {
      // A subscription may be waiting for this append (AWAIT); a position it took and gave back is a gap only a read can pass.
      for (const wake of this.wakers) wake();
      throw error;
    } finally {
      this.writing--;
    }
    this.handOver(prepared, first);
    this.announce(first + prepared.length - 1);
    return first;
  }

  /** The write in one statement, oversight_append: one round trip, its own transaction. */
  private async writeByStatement(prepared: PreparedEvent[], commandId: string | null, heads: ReadonlyMap<string, StreamHead | null>): Promise<number> {
    const result = await this.pool.query<{ first: string }>('SELECT oversight_append($1::jsonb, $2, $3::jsonb) AS first', [
      JSON.stringify(prepared.map(toAppendJson)),
      commandId,
      followsJson(heads),
    ]);
    return Number(result.rows[0]!.first);
  }

  /**
   * The same write in one transaction of its own: heads checked and positions reserved, the
   * events COPYed at those positions, the command recorded. Nothing is written unless all is.
   */
  private async writeByCopy(prepared: PreparedEvent[], commandId: string | null, heads: ReadonlyMap<string, StreamHead | null>): Promise<number> {
    const client = await this.pool.connect();
    let broken = false;
    try {
      await client.query('BEGIN');
      try {
        const begun = await client.query<{ first: string }>('SELECT oversight_append_begin($1::jsonb, $2) AS first', [followsJson(heads), prepared.length]);
        const first = Number(begun.rows[0]!.first);
        await copyIn(client, 'oversight_events', COPIED_COLUMNS, copyTextChunks(prepared.map((event, n) => copyRow(event, first + n))));
        const last = prepared.at(-1)!;
        await client.query('SELECT oversight_append_end($1, $2, $3, $4, $5)', [commandId, last.streamId, last.revision, first + prepared.length - 1, last.metadata.recordedAt]);
        await client.query('COMMIT');
        return first;
      } catch (error) {
        await client.query('ROLLBACK').catch(() => (broken = true));
        throw error;
      }
    } catch (error) {
      broken ||= isConnectionError(error);
      throw error;
    } finally {
      // A client whose connection failed mid-transaction is not given back to the pool.
      client.release(broken);
    }
  }

  async readStream(streamId: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    const params: unknown[] = [streamId, options.fromRevision ?? 0];
    let filter = '';
    if (options.recordedUpTo) {
      params.push(options.recordedUpTo);
      filter += ` AND recorded_at <= $${params.length}`;
    }
    let limit = '';
    if (options.maxCount !== undefined) {
      params.push(options.maxCount);
      limit = ` LIMIT $${params.length}`;
    }
    const result = await this.pool.query<EventRow>({
      text: `SELECT ${EVENT_COLUMNS} FROM oversight_events WHERE stream_id = $1 AND revision >= $2${filter} ORDER BY revision${limit}`,
      values: params,
      types: eventRowTypes,
    });
    return result.rows.map(toRecordedEvent);
  }

  async readAll(options: ReadAllOptions = {}): Promise<ReadAllPage> {
    return this.readAllOf(EVENT_COLUMNS, toRecordedEvent, options);
  }

  /** Half the columns, and none of the text a rebuild would only send back to this database. */
  async readAllSummaries(options: ReadAllOptions = {}): Promise<ReadAllPage<EventSummary>> {
    return this.readAllOf(SUMMARY_COLUMNS, toEventSummary, options);
  }

  private async readAllOf<Row extends ReadRow, Event extends EventSummary>(columns: string, toEvent: (row: Row) => Event, options: ReadAllOptions): Promise<ReadAllPage<Event>> {
    const after = options.after ?? 0;
    const maxCount = options.maxCount ?? 1000;
    // The row at `after` itself comes too: its transaction id bounds which gaps after it may still fill.
    const result = await this.pool.query<Row & { snapshot: string }>({
      text: `SELECT pg_current_snapshot()::text AS snapshot, ${columns}
         FROM oversight_events WHERE position >= $1 ORDER BY position LIMIT $2`,
      values: [after, maxCount + 1],
      types: eventRowTypes,
    });
    const rows = result.rows;
    let anchorTransaction = 0n;
    if (rows.length > 0 && Number(rows[0]!.position) === after) anchorTransaction = BigInt(rows.shift()!.transaction_id);
    const readable = safeReadablePrefix(after, anchorTransaction, rows, rows[0]?.snapshot ?? '');
    const events = readable.map(toEvent);
    const lastPosition = events.length > 0 ? events[events.length - 1]!.position : after;
    return { events, lastPosition, isEnd: readable.length < rows.length || rows.length < maxCount };
  }

  subscribeToAll(options: SubscribeOptions): Subscription {
    return pollingSubscription(
      this,
      options,
      (wake) => {
        this.wakers.add(wake);
        return () => this.wakers.delete(wake);
      },
      this.pollIntervalMs,
      (position) => {
        const run: RecordedEvent[] = [];
        for (let next = this.appended.get(position + 1); next; next = this.appended.get(next.position + 1)) run.push(next);
        return run.length === 0 && this.writing > 0 && this.backend === 'postgres' ? AWAIT : run;
      },
    );
  }

  /**
   * Keeps what an append just committed for this process's subscriptions, which take it without
   * reading it back: only on a server, and while it has subscriptions, which each append wakes; the
   * embedded store's only poll (see announce), and read what they find.
   */
  private handOver(prepared: PreparedEvent[], first: number): void {
    if (this.backend !== 'postgres' || this.wakers.size === 0 || prepared.length > HANDED_OVER) return;
    prepared.forEach((event, n) => this.appended.set(first + n, { ...event, position: first + n }));
    // The oldest go first: a subscription that far behind reads them, as after any gap.
    for (const position of this.appended.keys()) {
      if (this.appended.size <= HANDED_OVER) break;
      this.appended.delete(position);
    }
  }

  async *listStreams(): AsyncIterable<string> {
    // Grouped rather than `revision = 0`, so a stream whose first event was removed is still listed.
    const result = await this.pool.query<{ stream_id: string }>(
      'SELECT stream_id FROM oversight_events GROUP BY stream_id ORDER BY min(position)',
    );
    for (const row of result.rows) yield row.stream_id;
  }

  async headPosition(): Promise<number> {
    const result = await this.pool.query<{ head: string | null }>('SELECT max(position) AS head FROM oversight_events');
    return Number(result.rows[0]?.head ?? 0);
  }

  async ping(): Promise<void> {
    await this.pool.query('SELECT 1 FROM oversight_events LIMIT 1');
  }

  async close(): Promise<void> {
    this.closed = true;
    const listener = this.listener;
    this.listener = null;
    if (listener) await listener.end().catch(() => undefined);
    await this.notifying;
  }

  /**
   * Events up to `position` are committed: on a server, this process's subscriptions are woken at once, and
   * other processes' (another instance, the CLI's) by a NOTIFY sent after the commit. Appends do
   * not notify inside their transaction (migration 004): PostgreSQL commits notifying transactions
   * one at a time. One NOTIFY is on its way at a time, carrying the latest position when it
   * leaves, and the next leaves NOTIFY_SPACING_MS after it; one that fails only leaves the others
   * to their next poll.
   */
  private announce(position: number): void {
    // The embedded store's subscriptions only poll, as before: PGlite runs one transaction at a
    // time on the one connection the service shares, and a projector woken by every append put a
    // read-model transaction between each command and the next (f: 1 client's p50 went from 2.9
    // to 7.5 ms). Nothing else can write to it, so it needs no NOTIFY either.
    if (this.backend !== 'postgres' || this.closed) return;
    this.announced = Math.max(this.announced, position);
    for (const wake of this.wakers) wake(true);
    if (this.notifying) {
      this.notifyAgain = true;
      return;
    }
    this.notifying = (async () => {
      for (;;) {
        this.notifyAgain = false;
        const notice = String(this.announced);
        if (this.listener) this.ownNotices.add(notice);
        await this.pool.query("SELECT pg_notify('oversight_events', $1)", [notice]).catch(() => this.ownNotices.delete(notice));
        if (this.closed) return;
        // Appends meanwhile share the next NOTIFY, a moment later: under load, one round trip for many.
        await new Promise((resolve) => setTimeout(resolve, NOTIFY_SPACING_MS));
        if (!this.notifyAgain || this.closed) return;
      }
    })().finally(() => {
      this.notifying = null;
    });
  }

  /** One round trip: the stream's head, the store's clock, and an earlier result of the command. */
  private async appendContext(streamId: string, commandId: string | null): Promise<AppendContextRow> {
    const result = await this.pool.query<AppendContextRow>(
      `SELECT (SELECT json_build_object('revision', revision, 'hash', hash) FROM oversight_events
                WHERE stream_id = $1 ORDER BY revision DESC LIMIT 1) AS head,
              date_trunc('milliseconds', clock_timestamp()) AS now,
              (SELECT json_build_object('next_revision', next_revision, 'position', position)
                 FROM oversight_commands WHERE command_id = $2) AS command`,
      [streamId, commandId],
    );
    const row = result.rows[0]!;
    const head: StreamHead | null = row.head ? { revision: Number(row.head.revision), hash: row.head.hash } : null;
    return { head, now: row.now, command: row.command };
  }

  /** appendContext for many streams: their heads, the clock and an earlier result, in one round trip. */
  private async appendManyContext(streamIds: string[], commandId: string | null): Promise<{ heads: Map<string, StreamHead>; now: Date; command: CommandRow | null }> {
    const result = await this.pool.query<{ heads: { stream_id: string; revision: string; hash: string }[] | null; now: Date; command: CommandRow | null }>(
      `SELECT (SELECT json_agg(json_build_object('stream_id', s.stream_id, 'revision', h.revision, 'hash', h.hash))
                 FROM unnest($1::text[]) AS s(stream_id)
                 JOIN LATERAL (SELECT revision, hash FROM oversight_events e WHERE e.stream_id = s.stream_id ORDER BY revision DESC LIMIT 1) h ON true) AS heads,
              date_trunc('milliseconds', clock_timestamp()) AS now,
              (SELECT json_build_object('next_revision', next_revision, 'position', position)
                 FROM oversight_commands WHERE command_id = $2) AS command`,
      [streamIds, commandId],
    );
    const row = result.rows[0]!;
    const heads = new Map((row.heads ?? []).map((head) => [head.stream_id, { revision: Number(head.revision), hash: head.hash }]));
    return { heads, now: row.now, command: row.command };
  }

  /** A LISTEN connection wakes caught-up subscriptions at once instead of at their next poll. */
  private async listen(): Promise<void> {
    const client = new pg.Client(this.pool.options);
    try {
      await client.connect();
      await client.query('LISTEN oversight_events');
    } catch {
      await client.end().catch(() => undefined);
      return; // polling alone still delivers everything
    }
    client.on('notification', (message) => {
      // This store's own NOTIFY: its appends woke its subscriptions already.
      if (message.payload !== undefined && this.ownNotices.delete(message.payload)) return;
      for (const wake of this.wakers) wake();
    });
    client.on('error', () => {
      if (this.listener === client) this.listener = null;
      this.ownNotices.clear(); // none of them will be heard back now
    });
    this.listener = client;
  }
}

function duplicateResult(command: CommandRow): AppendResult {
  return { nextExpectedRevision: Number(command.next_revision), position: Number(command.position), duplicate: true };
}

/**
 * A known head needs no read: the clock is this process's, never behind the head's recorded time,
 * so a stream's recorded times never go back (recordedUpTo relies on it). oversight_append checks
 * the head is still that event.
 */
function fromKnownHead(known: KnownHead | null): AppendContextRow {
  const now = new Date();
  const recordedAt = known && known.recordedAt.getTime() > now.getTime() ? new Date(known.recordedAt.getTime()) : now;
  return { head: known ? { revision: known.revision, hash: known.hash } : null, now: recordedAt, command: null };
}

/** Another append took the revision first: the head moved (OV003), or a writer at the same revision won. */
function lostRace(error: unknown): boolean {
  const { code, constraint } = error as { code?: string; constraint?: string };
  return code === STALE_HEAD || (code === UNIQUE_VIOLATION && constraint === STREAM_REVISION_CONSTRAINT);
}

/** Whether a stream's head is what the append expected: a known head that is not says nothing certain. */
function agreesWithExpected(head: StreamHead | null, expected: AppendOptions['expectedRevision']): boolean {
  if (expected === ANY) return true;
  return expected === NO_STREAM ? head === null : head?.revision === expected;
}

/** The heads the append's streams were chained to, for oversight_append to check they still are. */
function followsJson(heads: ReadonlyMap<string, StreamHead | null>): string {
  const follows = [...heads].flatMap(([streamId, head]) => (head ? [{ stream_id: streamId, revision: head.revision, hash: head.hash }] : []));
  return JSON.stringify(follows);
}

function toAppendJson(event: PreparedEvent) {
  const metadata = event.metadata;
  return {
    streamId: event.streamId,
    revision: event.revision,
    eventId: event.eventId,
    type: event.type,
    schemaVersion: event.schemaVersion,
    data: event.data,
    actorId: metadata.actor.id,
    actorName: metadata.actor.name,
    actorRole: metadata.actor.role,
    recordedAt: metadata.recordedAt.toISOString(),
    effectiveAt: metadata.effectiveAt.toISOString(),
    reason: metadata.reason,
    commandId: metadata.commandId,
    correlationId: metadata.correlationId,
    causationId: metadata.causationId,
    origin: metadata.origin,
    hash: event.hash,
  };
}

/** The columns an append writes, in copyRow's order (transaction_id comes from its default). */
export const COPIED_COLUMNS = [
  'position', 'stream_id', 'revision', 'event_id', 'type', 'schema_version', 'data', 'actor_id', 'actor_name', 'actor_role',
  'recorded_at', 'effective_at', 'reason', 'command_id', 'correlation_id', 'causation_id', 'origin', 'hash',
];

function copyRow(event: PreparedEvent, position: number): (string | null)[] {
  const metadata = event.metadata;
  return [
    String(position), event.streamId, String(event.revision), event.eventId, event.type, String(event.schemaVersion),
    JSON.stringify(event.data), metadata.actor.id, metadata.actor.name, metadata.actor.role,
    metadata.recordedAt.toISOString(), metadata.effectiveAt.toISOString(), metadata.reason, metadata.commandId,
    metadata.correlationId, metadata.causationId, metadata.origin, event.hash,
  ];
}

/** An error with no SQLSTATE came from the connection, not from the server. */
function isConnectionError(error: unknown): boolean {
  return typeof (error as { code?: unknown }).code !== 'string' || !/^[0-9A-Z]{5}$/.test((error as { code: string }).code);
}

function toEventSummary(row: SummaryRow): EventSummary {
  return {
    eventId: row.event_id,
    streamId: row.stream_id,
    revision: Number(row.revision),
    position: Number(row.position),
    type: row.type,
    schemaVersion: row.schema_version,
    data: row.data,
    metadata: { recordedAt: row.recorded_at, effectiveAt: row.effective_at },
  };
}

function toRecordedEvent(row: EventRow): RecordedEvent {
  return {
    ...toEventSummary(row),
    metadata: {
      actor: { id: row.actor_id, name: row.actor_name, role: row.actor_role },
      recordedAt: row.recorded_at,
      effectiveAt: row.effective_at,
      reason: row.reason,
      commandId: row.command_id,
      correlationId: row.correlation_id,
      causationId: row.causation_id,
      origin: row.origin,
    },
    hash: row.hash,
  };
}
