import type { DataSource } from 'typeorm';
import { csvField } from '../audit-log/audit-log.reader.js';
import type { ChildLevelRecord } from './child-level-words.js';

/** Who read child-level words, through what: the reading a request does, as the service knows it. */
export interface ChildDataReading {
  actor: { id: string; name: string; role: string };
  /** The key allows child-level words (admins always do). */
  childData: boolean;
  /** The method and path it came through, e.g. `GET /plans/<id>` (never the query: it can hold words). */
  endpoint: string;
  requestId: string;
}

export interface AccessLogEntry {
  id: number;
  readAt: string;
  actor: { id: string; name: string; role: string };
  endpoint: string;
  requestId: string;
  records: ChildLevelRecord[];
}

export interface AccessLogQuery {
  /** Read at or after this instant. */
  from?: Date;
  /** Read before this instant. */
  to?: Date;
  /** The key's id or its holder's name. */
  actor?: string;
  /** Keyset paging: entries after this id. */
  after?: number;
  limit: number;
}

interface AccessLogRow {
  id: string;
  read_at: Date;
  actor_id: string;
  actor_name: string;
  actor_role: string;
  endpoint: string;
  request_id: string;
  records: ChildLevelRecord[];
}

/**
 * Every read that showed a child-level record's words (oversight_access_log, read-store migration
 * 1796200000000): written once, triggers refuse UPDATE, DELETE and TRUNCATE. Admins list it.
 */
export class ChildDataAccessLog {
  constructor(private readonly db: DataSource) {}

  async record(reading: ChildDataReading, records: readonly ChildLevelRecord[]): Promise<void> {
    await this.db.query(
      `INSERT INTO oversight_access_log (actor_id, actor_name, actor_role, endpoint, request_id, records)
       VALUES ($1, $2, $3, $4, $5, $6)`,
      [
        reading.actor.id,
        reading.actor.name,
        reading.actor.role,
        reading.endpoint,
        reading.requestId,
        JSON.stringify(records),
      ],
    );
  }

  /** A page of entries, oldest first, and the id to pass as `after` for the next (null on the last). */
  async list(query: AccessLogQuery): Promise<{ entries: AccessLogEntry[]; nextAfter: number | null }> {
    const rows = await this.db.query<AccessLogRow[]>(
      `SELECT id, read_at, actor_id, actor_name, actor_role, endpoint, request_id, records
         FROM oversight_access_log
        WHERE ($1::timestamptz IS NULL OR read_at >= $1)
          AND ($2::timestamptz IS NULL OR read_at < $2)
          AND ($3::text IS NULL OR actor_id = $3 OR actor_name = $3)
          AND id > $4
        ORDER BY id
        LIMIT $5`,
      [query.from ?? null, query.to ?? null, query.actor ?? null, query.after ?? 0, query.limit + 1],
    );
    const more = rows.length > query.limit;
    const entries = rows.slice(0, query.limit).map((row): AccessLogEntry => ({
      id: Number(row.id),
      readAt: row.read_at.toISOString(),
      actor: { id: row.actor_id, name: row.actor_name, role: row.actor_role },
      endpoint: row.endpoint,
      requestId: row.request_id,
      records: row.records,
    }));
    return { entries, nextAfter: more ? entries.at(-1)!.id : null };
  }
}

export const accessLogCsvHeader = 'id,readAt,actorId,actorName,actorRole,endpoint,requestId,records\r\n';

/** One entry as a CSV line; its records as `kind:id` separated by spaces. */
export const accessLogCsvLine = (entry: AccessLogEntry): string =>
  [
    String(entry.id),
    entry.readAt,
    entry.actor.id,
    entry.actor.name,
    entry.actor.role,
    entry.endpoint,
    entry.requestId,
    entry.records.map((record) => `${record.kind}:${record.id}`).join(' '),
  ]
    .map(csvField)
    .join(',') + '\r\n';
