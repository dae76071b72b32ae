import type { DataSource } from 'typeorm';
import { linkedGroup } from './linked-recommendations.reader.js';

export interface AuditEntry {
  position: number;
  eventId: string;
  streamId: string;
  revision: number;
  type: string;
  data: unknown;
  actor: { id: string; name: string; role: string };
  recordedAt: string;
  effectiveAt: string;
  reason: string | null;
  origin: string;
  correlationId: string;
  actionId: string | null;
  planId: string | null;
  sourceId: string | null;
  recommendationId: string | null;
}

interface AuditRow {
  position: string;
  event_id: string;
  stream_id: string;
  revision: number;
  type: string;
  data: unknown;
  actor_id: string;
  actor_name: string;
  actor_role: string;
  recorded_at: Date;
  effective_at: Date;
  reason: string | null;
  origin: string;
  correlation_id: string;
  action_id: string | null;
  plan_id: string | null;
  source_id: string | null;
  recommendation_id: string | null;
}

export function toAuditEntry(row: AuditRow): AuditEntry {
  return {
    position: Number(row.position),
    eventId: row.event_id,
    streamId: row.stream_id,
    revision: row.revision,
    type: row.type,
    data: row.data,
    actor: { id: row.actor_id, name: row.actor_name, role: row.actor_role },
    recordedAt: row.recorded_at.toISOString(),
    effectiveAt: row.effective_at.toISOString(),
    reason: row.reason,
    origin: row.origin,
    correlationId: row.correlation_id,
    actionId: row.action_id,
    planId: row.plan_id,
    sourceId: row.source_id,
    recommendationId: row.recommendation_id,
  };
}

export interface AuditLogQuery {
  actor?: string;
  type?: string[];
  stream?: string;
  actionId?: string;
  planId?: string;
  /** Recorded at or after. */
  from?: Date;
  /** Recorded before. */
  to?: Date;
  /** Keyset paging: entries after this position. */
  after?: number;
  limit: number;
}

/** Every event with who, what, when and why, filtered; keyset-paged by position. */
export async function auditLog(
  db: DataSource,
  query: AuditLogQuery,
): Promise<{ entries: AuditEntry[]; nextAfter: number | null }> {
  const params: unknown[] = [];
  const filters: string[] = [];
  if (query.actor) filters.push(`(actor_id = $${params.push(query.actor)} OR actor_name = $${params.length})`);
  if (query.type?.length) filters.push(`type = ANY($${params.push(query.type)})`);
  if (query.stream) filters.push(`stream_id = $${params.push(query.stream)}`);
  if (query.actionId) filters.push(`action_id = $${params.push(query.actionId)}`);
  if (query.planId) filters.push(`plan_id = $${params.push(query.planId)}`);
  if (query.from) filters.push(`recorded_at >= $${params.push(query.from)}`);
  if (query.to) filters.push(`recorded_at < $${params.push(query.to)}`);
  if (query.after !== undefined) filters.push(`position > $${params.push(query.after)}`);
  const where = filters.length ? `WHERE ${filters.join(' AND ')}` : '';
  const rows: AuditRow[] = await db.query(
    `SELECT * FROM rm_audit_log ${where} ORDER BY position LIMIT $${params.push(query.limit + 1)}`,
    params,
  );
  const more = rows.length > query.limit;
  const entries = rows.slice(0, query.limit).map(toAuditEntry);
  return { entries, nextAfter: more ? entries[entries.length - 1]!.position : null };
}

const CSV_COLUMNS = [
  'position',
  'recordedAt',
  'effectiveAt',
  'actorId',
  'actorName',
  'actorRole',
  'type',
  'streamId',
  'revision',
  'reason',
  'origin',
  'data',
] as const;

/** One CSV field: quoted when it must be, and never read as a formula by a spreadsheet. */
export function csvField(value: unknown): string {
  let text =
    value === null || value === undefined ? '' : typeof value === 'object' ? JSON.stringify(value) : String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) || text !== text.trim() ? `"${text.replace(/"/g, '""')}"` : text;
}

export const auditCsvHeader = `${CSV_COLUMNS.join(',')}\r\n`;

export function auditCsvLine(entry: AuditEntry): string {
  const values = [
    entry.position,
    entry.recordedAt,
    entry.effectiveAt,
    entry.actor.id,
    entry.actor.name,
    entry.actor.role,
    entry.type,
    entry.streamId,
    entry.revision,
    entry.reason,
    entry.origin,
    entry.data,
  ];
  return `${values.map(csvField).join(',')}\r\n`;
}

export const TIMELINE_TYPES = [
  'CommentAdded',
  'EvidenceAttached',
  'RagStatusChanged',
  'ActionCompleted',
  'RetainedForOversight',
  'ActionReopened',
];

/**
 * Comments, evidence and status changes of an action, a recommendation or a source, in order of
 * effect. A recommendation's are those of every recommendation linked with it now.
 */
export async function evidenceTimeline(
  db: DataSource,
  of: { actionId?: string; recommendationId?: string; sourceId?: string },
): Promise<AuditEntry[]> {
  const [column, ids] = of.actionId
    ? ['action_id', [of.actionId]]
    : of.recommendationId
      ? ['recommendation_id', (await linkedGroup(db, of.recommendationId)).members]
      : ['source_id', [of.sourceId]];
  const rows: AuditRow[] = await db.query(
    `SELECT * FROM rm_audit_log WHERE ${column} = ANY($1::text[]) AND action_id IS NOT NULL AND type = ANY($2) ORDER BY effective_at, position`,
    [ids, TIMELINE_TYPES],
  );
  return rows.map(toAuditEntry);
}

/** Which of an event's two times places it in a period: when it was recorded, or when it took effect. */
export type ChangesBasis = 'recorded' | 'effective';

/**
 * Every event recorded (or, by `basis`, taking effect) in [since, until) on actions while they
 * were in the plan, and the carry-forwards that took them out of it: the quarterly report's
 * "what changed", in recorded order.
 */
export async function planChanges(
  db: DataSource,
  planId: string,
  since: Date,
  until: Date,
  basis: ChangesBasis = 'recorded',
  recordedBy?: Date,
): Promise<AuditEntry[]> {
  const time = basis === 'effective' ? 'effective_at' : 'recorded_at';
  // recordedBy: only what the system had recorded by then (a report produced as on a past day).
  const rows: AuditRow[] = await db.query(
    `SELECT * FROM rm_audit_log
      WHERE action_id IS NOT NULL AND (plan_id = $1 OR (type = 'ActionCarriedForward' AND data->>'fromPlanId' = $1))
        AND ${time} >= $2 AND ${time} < $3${recordedBy ? ' AND recorded_at <= $4' : ''}
      ORDER BY position`,
    recordedBy ? [planId, since, until, recordedBy] : [planId, since, until],
  );
  return rows.map(toAuditEntry);
}
