import type { DataSource } from 'typeorm';
import { nextActionRow, type ActionRow } from './action-row.js';

/**
 * A moment in the past to look from. `asOf` cuts by effective time: what was true then, including
 * history entered later (a January 2019 comment imported in 2026 is there). `asAt` cuts by
 * recorded time: what the system showed then. Both bounds are inclusive; give one or both.
 */
export interface AsItStood {
  asOf?: Date;
  asAt?: Date;
}

/**
 * The day "overdue" is judged against when looking back: the day looked at (asOf), else the day
 * the system was looked at (asAt); null when looking at now.
 */
export function dayOf(when: AsItStood): string | null {
  const moment = when.asOf ?? when.asAt;
  return moment ? moment.toISOString().slice(0, 10) : null;
}

/** SQL that keeps the audit log's rows inside the cut; `$n` parameters bound by the caller. */
export function cutSql(when: AsItStood, bind: (value: unknown) => string): string {
  const filters: string[] = [];
  if (when.asOf) filters.push(`effective_at <= ${bind(when.asOf)}`);
  if (when.asAt) filters.push(`recorded_at <= ${bind(when.asAt)}`);
  return filters.length ? filters.join(' AND ') : 'TRUE';
}

/**
 * The rm_actions rows the given actions had at that moment, replayed from their events in the
 * audit log through the projection's own fold. Replaying in recorded order the events inside
 * the cut gives the state of replaying them in effective order (the domain keeps the value latest
 * in effect), so a cut by effective time needs no reordering. Actions not yet created at that
 * moment have no row.
 */
export async function actionRowsAsItStood(db: DataSource, actionIds: string[], when: AsItStood): Promise<ActionRow[]> {
  if (actionIds.length === 0) return [];
  const params: unknown[] = [actionIds];
  const bind = (value: unknown) => `$${params.push(value)}`;
  const events: { action_id: string; type: string; data: unknown; revision: number; effective_at: Date }[] = await db.query(
    `SELECT action_id, type, data, revision, effective_at FROM rm_audit_log
      WHERE action_id = ANY($1::text[]) AND stream_id = 'action-' || action_id AND ${cutSql(when, bind)}
      ORDER BY action_id, revision`,
    params,
  );
  const rows = new Map<string, ActionRow>();
  for (const event of events) {
    const row = nextActionRow(rows.get(event.action_id), { type: event.type, data: event.data, revision: event.revision, effectiveAt: event.effective_at.toISOString() });
    if (row) rows.set(event.action_id, row);
  }
  return [...rows.values()];
}
