import type { DataSource } from 'typeorm';
import { cutSql, type AsItStood } from '../current-state/as-it-stood.js';

/**
 * The event store position a report computed as at `asAt` rests on: the last event the audit log
 * holds that was recorded by then (0 for none). Every figure of such a report is cut at that
 * moment, so the position names exactly which events it was computed from.
 */
export async function positionAt(db: DataSource, asAt: Date): Promise<number> {
  const [row] = await db.query(
    'SELECT COALESCE(max(position), 0) AS position FROM rm_audit_log WHERE recorded_at <= $1',
    [asAt],
  );
  return Number(row.position);
}

/** How many times each action's due date was moved, inside the cut; actions never moved are left out. */
export async function dueDateMoves(db: DataSource, actionIds: string[], when: AsItStood): Promise<Map<string, number>> {
  if (actionIds.length === 0) return new Map();
  const params: unknown[] = [actionIds.map((id) => `action-${id}`)];
  const bind = (value: unknown) => `$${params.push(value)}`;
  const rows: { stream_id: string; moves: number }[] = await db.query(
    `SELECT stream_id, count(*)::int AS moves FROM rm_audit_log
      WHERE stream_id = ANY($1::text[]) AND type = 'DueDateChanged' AND ${cutSql(when, bind)}
      GROUP BY stream_id`,
    params,
  );
  return new Map(rows.map((row) => [row.stream_id.slice('action-'.length), row.moves]));
}
