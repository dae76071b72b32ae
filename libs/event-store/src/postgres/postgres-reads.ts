import type pg from 'pg';
import type { EventData, RecordedEvent } from '../event-envelope.js';
import type {
  CommandsReport,
  EventSummary,
  ReadAllOptions,
  ReadAllPage,
  ReadStreamOptions,
} from '../event-store.port.js';
import { safeReadablePrefix, type ReadRow } from './safe-read.js';
import { eventRowTypes } from './timestamptz.js';

const EVENT_COLUMNS = `position, transaction_id::text AS transaction_id, stream_id, revision, event_id, type,
  schema_version, data, actor_id, actor_name, actor_role, recorded_at, effective_at, reason, command_id,
  correlation_id, causation_id, origin, hash`;

// A reason and an import's origin come only when sealed (see EventSummary): most events have
// neither, and a rebuild copies the plain ones in SQL.
const SUMMARY_COLUMNS = `position, transaction_id::text AS transaction_id, stream_id, revision, event_id, type,
  schema_version, data, recorded_at, effective_at,
  CASE WHEN reason LIKE 'sealed:v1:%' THEN reason END AS sealed_reason,
  CASE WHEN origin LIKE 'import:sealed:v1:%' THEN origin END AS sealed_origin`;

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

type SummaryRow = Pick<
  EventRow,
  | 'position'
  | 'transaction_id'
  | 'stream_id'
  | 'revision'
  | 'event_id'
  | 'type'
  | 'schema_version'
  | 'data'
  | 'recorded_at'
  | 'effective_at'
> & { sealed_reason?: string | null; sealed_origin?: string | null };

/**
 * The event store's reads on PostgreSQL (a server, or PGlite embedded): a stream by revision, and
 * every stream in global order, where a page only hands out events no later commit can precede
 * (see safe-read.ts).
 */
export class PostgresReads {
  constructor(private readonly pool: pg.Pool) {}

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

  /**
   * A command's row names the last event its append wrote (stream, revision, position), which
   * carries its id; every event written under a command id has that id's row. A row whose event is
   * gone or other, or an event whose command was never recorded, is named (the first 10 of each).
   */
  async verifyCommands(): Promise<CommandsReport> {
    const count = await this.pool.query<{ count: string }>('SELECT count(*) AS count FROM oversight_commands');
    const rows = await this.pool.query<{
      command_id: string;
      stream_id: string;
      next_revision: string;
      position: string;
      event_stream: string | null;
      event_revision: string | null;
      event_command: string | null;
    }>(
      `SELECT c.command_id, c.stream_id, c.next_revision, c.position, e.stream_id AS event_stream,
              e.revision AS event_revision, e.command_id AS event_command
         FROM oversight_commands c LEFT JOIN oversight_events e ON e.position = c.position
        WHERE e.position IS NULL OR e.stream_id <> c.stream_id OR e.revision <> c.next_revision
           OR e.command_id IS DISTINCT FROM c.command_id
        ORDER BY c.position LIMIT 10`,
    );
    const events = await this.pool.query<{ command_id: string; stream_id: string; revision: string; position: string }>(
      `SELECT * FROM (
         SELECT DISTINCT ON (e.command_id) e.command_id, e.stream_id, e.revision, e.position FROM oversight_events e
          WHERE e.command_id IS NOT NULL
            AND NOT EXISTS (SELECT 1 FROM oversight_commands c WHERE c.command_id = e.command_id)
          ORDER BY e.command_id, e.position) AS unrecorded
        ORDER BY position LIMIT 10`,
    );
    const problems = rows.rows.map((row) =>
      row.event_stream === null
        ? `command ${row.command_id} names stream ${row.stream_id}, revision ${row.next_revision} at position ${row.position}, where no event is`
        : `command ${row.command_id} names stream ${row.stream_id}, revision ${row.next_revision} at position ${row.position}, where stream ${row.event_stream}, revision ${row.event_revision} is${row.event_command === row.command_id ? '' : ` (command ${row.event_command ?? 'none'})`}`,
    );
    for (const row of events.rows)
      problems.push(
        `stream ${row.stream_id}, revision ${row.revision} (position ${row.position}) was written under command ${row.command_id}, which is not recorded`,
      );
    return { commands: Number(count.rows[0]!.count), problems };
  }

  async ping(): Promise<void> {
    await this.pool.query('SELECT 1 FROM oversight_events LIMIT 1');
  }

  private async readAllOf<Row extends ReadRow, Event extends EventSummary>(
    columns: string,
    toEvent: (row: Row) => Event,
    options: ReadAllOptions,
  ): Promise<ReadAllPage<Event>> {
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
    if (rows.length > 0 && Number(rows[0]!.position) === after)
      anchorTransaction = BigInt(rows.shift()!.transaction_id);
    const readable = safeReadablePrefix(after, anchorTransaction, rows, rows[0]?.snapshot ?? '');
    const events = readable.map(toEvent);
    const lastPosition = events.length > 0 ? events[events.length - 1]!.position : after;
    return { events, lastPosition, isEnd: readable.length < rows.length || rows.length < maxCount };
  }
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
    metadata: {
      recordedAt: row.recorded_at,
      effectiveAt: row.effective_at,
      ...(row.sealed_reason ? { reason: row.sealed_reason } : {}),
      ...(row.sealed_origin ? { origin: row.sealed_origin } : {}),
    },
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
