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

/** SQL that keeps the audit log's rows inside the cut; `$n` parameters bound by the caller. */
export function cutSql(when: AsItStood, bind: (value: unknown) => string): string {
  const filters: string[] = [];
  if (when.asOf) filters.push(`effective_at <= ${bind(when.asOf)}`);
  if (when.asAt) filters.push(`recorded_at <= ${bind(when.asAt)}`);
  return filters.length ? filters.join(' AND ') : 'TRUE';
}

/**
 * The rm_actions rows the given actions had at that moment, replayed through the projection's own
 * fold from each action's latest usable snapshot (rm_action_snapshots: taken at an effective time
 * at or before asOf, from events all recorded by asAt) and the later revisions inside the cut.
 * Those are folded in recorded order: the domain keeps each value latest in effect, so that gives
 * the state of folding every event inside the cut in effective order. Actions not yet created at
 * that moment have no row. The actions are given by id, or as every action ever in a plan.
 */
export async function actionRowsAsItStood(
  db: DataSource,
  actions: string[] | { everInPlan: string },
  when: AsItStood,
): Promise<ActionRow[]> {
  if (Array.isArray(actions) && actions.length === 0) return [];
  const params: unknown[] = [Array.isArray(actions) ? actions : actions.everInPlan];
  const bind = (value: unknown) => `$${params.push(value)}`;
  // Every action ever in a plan: an action's plan_ids only grows (created in one, carried to the next).
  const actionIds = Array.isArray(actions)
    ? 'unnest($1::text[]) AS a(action_id)'
    : '(SELECT action_id FROM rm_actions WHERE $1 = ANY(plan_ids)) AS a';
  const snapshotCut =
    [when.asOf && `effective_at <= ${bind(when.asOf)}`, when.asAt && `max_recorded_at <= ${bind(when.asAt)}`]
      .filter(Boolean)
      .join(' AND ') || 'TRUE';
  const rows: {
    action_id: string;
    snapshot: ActionRow | null;
    type: string | null;
    data: unknown;
    revision: number | null;
    effective_at: string | null;
  }[] = await db.query(
    // The snapshot comes once per action, on its first row, not again with every event after it.
    // Effective times come as the ISO text the fold takes, not as timestamps parsed and printed again.
    `SELECT a.action_id, CASE WHEN row_number() OVER (PARTITION BY a.action_id ORDER BY e.revision) = 1 THEN s.row END AS snapshot,
            e.type, e.data, e.revision, to_char(e.effective_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS effective_at
       FROM ${actionIds}
       LEFT JOIN LATERAL (SELECT revision, row FROM rm_action_snapshots
                           WHERE action_id = a.action_id AND ${snapshotCut}
                           ORDER BY revision DESC LIMIT 1) s ON true
       LEFT JOIN LATERAL (SELECT type, data, revision, effective_at FROM rm_audit_log
                           WHERE stream_id = 'action-' || a.action_id AND revision > COALESCE(s.revision, -1) AND ${cutSql(when, bind)}) e ON true
      ORDER BY a.action_id, e.revision`,
    params,
  );
  const folded = new Map<string, ActionRow>();
  for (const event of rows) {
    if (event.snapshot && !folded.has(event.action_id)) folded.set(event.action_id, event.snapshot);
    if (event.type === null) continue; // a snapshot with nothing after it, or an action with nothing yet
    const row = nextActionRow(folded.get(event.action_id), {
      type: event.type,
      data: event.data,
      revision: event.revision!,
      effectiveAt: event.effective_at!,
    });
    if (row) folded.set(event.action_id, row);
  }
  return [...folded.values()];
}
