import type pg from 'pg';
import { randomUUID } from 'node:crypto';
import type { EventData, NewEvent } from '../event-envelope.js';
import { InvalidEventError, WrongExpectedRevisionError } from '../event-store.errors.js';
import {
  ANY,
  NO_STREAM,
  type AppendManyResult,
  type AppendOptions,
  type AppendResult,
  type KnownHead,
  type StreamHead,
  type StreamWrite,
} from '../event-store.port.js';
import { prepareAppend, type PreparedEvent } from '../prepare-append.js';
import { AppendGroups, answeredByServer, type OneAppend } from './append-groups.js';
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

const APPEND_ONE = `SELECT oversight_append_one($1, $2, $3::uuid, $4, $5, $6::jsonb, $7, $8, $9, $10::timestamptz,
  $11::timestamptz, $12, $13, $14, $15, $16, $17, $18, $19) AS first`;
const APPEND_GROUP = 'SELECT oversight_append_group($1::jsonb, $2::jsonb) AS first';

/**
 * Single-event appends at the server alone at once before the rest wait to go as a group: one or
 * two writers at a time never wait. At 16 writers in process on two cores, 2 gave the most
 * appends a second of 1, 2, 4, 8 and 16 (bench/README.md, the round of 2026-12-06).
 */
export const DEFAULT_APPENDS_IN_FLIGHT = 2;

/** Below this many events an append's five round trips by COPY cost more than they save. */
export const DEFAULT_COPY_FROM_EVENTS = 100;

interface CommandRow {
  next_revision: string;
  position: string;
}

interface AppendContextRow {
  head: { revision: number; hash: string } | null;
  now: Date;
  command: CommandRow | null;
}

/**
 * Told of every write as it leaves and as it ends, so that subscriptions hear of it (see
 * live-delivery.ts). A write ends exactly once, committed or failed; an append that writes nothing
 * (a duplicate command, a refused event) starts none.
 */
export interface WriteWatcher {
  writeStarted(): void;
  /** Committed: `events` hold positions `first` onwards. */
  writeCommitted(events: readonly PreparedEvent[], first: number): void;
  /** Rolled back: any position it took was given back, a gap only a read can pass. */
  writeFailed(): void;
}

/**
 * The event store's appends on PostgreSQL (a server, or PGlite embedded). An append is one
 * statement, oversight_append (on a server, a single event's may share its statement and commit
 * with others', AppendGroups), or on a server from `copyFromEvents` events on, a transaction that
 * COPYs them; both check the heads the events are chained to, so a lost race is found in the
 * write and retried while what the caller expected still holds. A repeated command id appends
 * nothing and answers as the first append did. Events are built and their text checked by
 * prepareAppend, the same on every backend, before anything is written.
 */
export class PostgresAppends {
  /** Single-event appends on a server, grouped when many are in flight at once; none on the embedded store. */
  private readonly groups: AppendGroups | null;

  constructor(
    private readonly pool: pg.Pool,
    private readonly backend: 'postgres' | 'embedded',
    /**
     * On a server, appends of at least this many events are written by COPY (writeByCopy); PGlite
     * served over a socket loses the protocol's place after a COPY FROM STDIN now and then, so the
     * embedded store never copies.
     */
    private readonly copyFromEvents: number,
    private readonly watcher: WriteWatcher,
    /** On a server, how many single-event appends go to it alone at once before the rest wait to go as a group. */
    appendsInFlight = DEFAULT_APPENDS_IN_FLIGHT,
  ) {
    // The embedded store is one PGlite session behind its socket: nothing to gain from a group.
    this.groups =
      backend === 'postgres'
        ? new AppendGroups(
            { one: (append) => this.writeOne(append), group: (appends) => this.writeGroup(appends) },
            appendsInFlight,
          )
        : null;
  }

  async append<D extends EventData>(
    streamId: string,
    events: NewEvent<D>[],
    options: AppendOptions,
  ): Promise<AppendResult> {
    for (let attempt = 0; ; attempt += 1) {
      // The caller's head saves a round trip on the first attempt; a retry reads the store's own.
      const hinted =
        attempt === 0 &&
        options.knownHead !== undefined &&
        agreesWithExpected(options.knownHead, options.expectedRevision);
      const context = hinted
        ? fromKnownHead(options.knownHead!)
        : await this.appendContext(streamId, options.commandId ?? null);
      if (context.command) return duplicateResult(context.command);
      const prepared = prepareAppend(streamId, events, options, context.head, context.now);
      try {
        const first = await this.write(prepared, options.commandId ?? null, new Map([[streamId, context.head]]));
        const recorded = prepared.map((event, n) => ({ ...event, position: first + n }));
        return {
          nextExpectedRevision: recorded.at(-1)!.revision,
          position: recorded.at(-1)!.position,
          duplicate: false,
          recorded,
        };
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
      if (context.command)
        return {
          position: Number(context.command.position),
          duplicate: true,
          streams: streamIds.map((streamId) => ({
            streamId,
            nextExpectedRevision: context.heads.get(streamId)?.revision ?? null,
          })),
        };
      const prepared = writes.flatMap((write) =>
        prepareAppend(
          write.streamId,
          write.events,
          { ...shared, expectedRevision: write.expectedRevision },
          context.heads.get(write.streamId) ?? null,
          context.now,
        ),
      );
      try {
        const first = await this.write(prepared, commandId, context.heads);
        const last = new Map(prepared.map((event) => [event.streamId, event.revision]));
        return {
          position: first + prepared.length - 1,
          duplicate: false,
          streams: streamIds.map((streamId) => ({ streamId, nextExpectedRevision: last.get(streamId)! })),
        };
      } catch (error) {
        const code = (error as { code?: string }).code;
        if (code !== DUPLICATE_COMMAND && !lostRace(error)) throw error;
        const now = await this.appendManyContext(streamIds, commandId);
        if (now.command)
          return {
            position: Number(now.command.position),
            duplicate: true,
            streams: streamIds.map((streamId) => ({
              streamId,
              nextExpectedRevision: now.heads.get(streamId)?.revision ?? null,
            })),
          };
        if (code === DUPLICATE_COMMAND) throw error;
        const moved = writes.find(
          (write) =>
            write.expectedRevision !== ANY &&
            (now.heads.get(write.streamId)?.revision ?? null) !== (context.heads.get(write.streamId)?.revision ?? null),
        );
        if (!moved && attempt < MAX_RETRIES) continue;
        const stale = moved ?? writes[0]!;
        throw new WrongExpectedRevisionError(
          stale.streamId,
          stale.expectedRevision,
          now.heads.get(stale.streamId)?.revision ?? null,
        );
      }
    }
  }

  /**
   * Writes an append's prepared events, chained to `heads` (each stream's head as read, or null
   * for a new stream), with the command's result; the first event's position. Throws OV003 when a
   * head moved, a unique violation when another append took a revision, OV001 when the command
   * was already handled. The watcher hears of the write as it leaves and as it ends.
   */
  private async write(
    prepared: PreparedEvent[],
    commandId: string | null,
    heads: ReadonlyMap<string, StreamHead | null>,
  ): Promise<number> {
    const byCopy = this.backend === 'postgres' && prepared.length >= this.copyFromEvents;
    this.watcher.writeStarted();
    let first: number;
    try {
      first = byCopy
        ? await this.writeByCopy(prepared, commandId, heads)
        : await this.writeByStatement(prepared, commandId, heads);
    } catch (error) {
      this.watcher.writeFailed();
      throw error;
    }
    this.watcher.writeCommitted(prepared, first);
    return first;
  }

  /**
   * The write in one statement, one round trip: oversight_append_one for one event (in typed
   * parameters, the cheaper for the database; on a server, in a group with others when many are
   * in flight, see AppendGroups), oversight_append for more.
   */
  private async writeByStatement(
    prepared: PreparedEvent[],
    commandId: string | null,
    heads: ReadonlyMap<string, StreamHead | null>,
  ): Promise<number> {
    if (prepared.length === 1) {
      const append = { event: prepared[0]!, head: heads.get(prepared[0]!.streamId) ?? null };
      return this.groups ? this.groups.write(append) : this.writeOne(append);
    }
    const result = await this.pool.query<{ first: string }>(
      'SELECT oversight_append($1::jsonb, $2, $3::jsonb) AS first',
      [JSON.stringify(prepared.map(toAppendJson)), commandId, followsJson(heads)],
    );
    return Number(result.rows[0]!.first);
  }

  /** One event in typed parameters (oversight_append_one), its own statement and transaction. */
  private async writeOne({ event, head }: OneAppend): Promise<number> {
    // The columns as COPY writes them, but the position (reserved in the statement); the event's
    // command id is the command's (prepareAppend), so one parameter carries both.
    const [, ...columns] = copyRow(event, 0);
    const values = [...columns, head?.revision ?? null, head?.hash ?? null];
    // Prepared once a connection on a server: PostgreSQL then skips parsing and planning the
    // nineteen typed parameters on every append (in process, 16 writers: 17–68% more appends a
    // second, bench/README). Not on the embedded store, whose socket server may hand one
    // session's statements to several pool connections.
    const result = await this.pool.query<{ first: string }>({
      ...(this.backend === 'postgres' ? { name: 'oversight_append_one' } : {}),
      text: APPEND_ONE,
      values,
    });
    return Number(result.rows[0]!.first);
  }

  /** Several single-event appends in one statement and one transaction (oversight_append_group), in the order given. */
  private async writeGroup(appends: readonly OneAppend[]): Promise<number> {
    const follows = appends.flatMap(({ event, head }) =>
      head ? [{ stream_id: event.streamId, revision: head.revision, hash: head.hash }] : [],
    );
    const result = await this.pool.query<{ first: string }>({
      name: 'oversight_append_group',
      text: APPEND_GROUP,
      values: [JSON.stringify(appends.map(({ event }) => toAppendJson(event))), JSON.stringify(follows)],
    });
    return Number(result.rows[0]!.first);
  }

  /**
   * The same write in one transaction of its own: heads checked and positions reserved, the
   * events COPYed at those positions, the command recorded. Nothing is written unless all is.
   */
  private async writeByCopy(
    prepared: PreparedEvent[],
    commandId: string | null,
    heads: ReadonlyMap<string, StreamHead | null>,
  ): Promise<number> {
    const client = await this.pool.connect();
    let broken = false;
    try {
      await client.query('BEGIN');
      try {
        const begun = await client.query<{ first: string }>('SELECT oversight_append_begin($1::jsonb, $2) AS first', [
          followsJson(heads),
          prepared.length,
        ]);
        const first = Number(begun.rows[0]!.first);
        await copyIn(
          client,
          'oversight_events',
          COPIED_COLUMNS,
          copyTextChunks(prepared.map((event, n) => copyRow(event, first + n))),
        );
        const last = prepared.at(-1)!;
        await client.query('SELECT oversight_append_end($1, $2, $3, $4, $5)', [
          commandId,
          last.streamId,
          last.revision,
          first + prepared.length - 1,
          last.metadata.recordedAt,
        ]);
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
  private async appendManyContext(
    streamIds: string[],
    commandId: string | null,
  ): Promise<{ heads: Map<string, StreamHead>; now: Date; command: CommandRow | null }> {
    const result = await this.pool.query<{
      heads: { stream_id: string; revision: string; hash: string }[] | null;
      now: Date;
      command: CommandRow | null;
    }>(
      `SELECT (SELECT json_agg(json_build_object('stream_id', s.stream_id, 'revision', h.revision, 'hash', h.hash))
                 FROM unnest($1::text[]) AS s(stream_id)
                 JOIN LATERAL (SELECT revision, hash FROM oversight_events e WHERE e.stream_id = s.stream_id ORDER BY revision DESC LIMIT 1) h ON true) AS heads,
              date_trunc('milliseconds', clock_timestamp()) AS now,
              (SELECT json_build_object('next_revision', next_revision, 'position', position)
                 FROM oversight_commands WHERE command_id = $2) AS command`,
      [streamIds, commandId],
    );
    const row = result.rows[0]!;
    const heads = new Map(
      (row.heads ?? []).map((head) => [head.stream_id, { revision: Number(head.revision), hash: head.hash }]),
    );
    return { heads, now: row.now, command: row.command };
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
  const follows = [...heads].flatMap(([streamId, head]) =>
    head ? [{ stream_id: streamId, revision: head.revision, hash: head.hash }] : [],
  );
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
  'position',
  'stream_id',
  'revision',
  'event_id',
  'type',
  'schema_version',
  'data',
  'actor_id',
  'actor_name',
  'actor_role',
  'recorded_at',
  'effective_at',
  'reason',
  'command_id',
  'correlation_id',
  'causation_id',
  'origin',
  'hash',
];

function copyRow(event: PreparedEvent, position: number): (string | null)[] {
  const metadata = event.metadata;
  return [
    String(position),
    event.streamId,
    String(event.revision),
    event.eventId,
    event.type,
    String(event.schemaVersion),
    JSON.stringify(event.data),
    metadata.actor.id,
    metadata.actor.name,
    metadata.actor.role,
    metadata.recordedAt.toISOString(),
    metadata.effectiveAt.toISOString(),
    metadata.reason,
    metadata.commandId,
    metadata.correlationId,
    metadata.causationId,
    metadata.origin,
    event.hash,
  ];
}

/** An error with no SQLSTATE came from the connection, not from the server. */
function isConnectionError(error: unknown): boolean {
  return !answeredByServer(error);
}
