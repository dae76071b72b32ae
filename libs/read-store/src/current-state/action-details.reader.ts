import type { Action } from '#domain';
import type { DataSource } from 'typeorm';
import { toAuditEntry, type AuditEntry } from '../audit-log/audit-log.reader.js';
import { actionRowsAsItStood, cutSql, type AsItStood } from './as-it-stood.js';

/** Everything a person reads about one action: every field, where it sits, what it answers, and its whole history. */
export interface ActionDetails {
  state: Action;
  plans: { id: string; title: string }[];
  source: { id: string; kind: string; title: string; date: string | null } | null;
  recommendation: { id: string; reference: string | null; text: string } | null;
  /** Every event of the action, in order of effect (ties: as recorded), inside the cut when looking back. */
  history: AuditEntry[];
}

/** The action now, or as it stood (asOf/asAt); null when it did not exist then. */
export async function actionDetails(db: DataSource, actionId: string, when?: AsItStood): Promise<ActionDetails | null> {
  let state: Action | null;
  if (when) state = ((await actionRowsAsItStood(db, [actionId], when))[0]?.state as Action | undefined) ?? null;
  else
    state =
      ((await db.query('SELECT state FROM rm_actions WHERE action_id = $1', [actionId]))[0]?.state as
        Action | undefined) ?? null;
  if (!state) return null;
  const params: unknown[] = [actionId];
  const bind = (value: unknown) => `$${params.push(value)}`;
  const cut = when ? cutSql(when, bind) : 'TRUE';
  const [history, plans, sources, recommendations] = await Promise.all([
    db.query(`SELECT * FROM rm_audit_log WHERE action_id = $1 AND ${cut} ORDER BY effective_at, position`, params),
    db.query('SELECT plan_id, title FROM rm_plans WHERE plan_id = ANY($1::text[])', [state.planIds]),
    db.query(
      "SELECT source_id, kind, title, to_char(date, 'YYYY-MM-DD') AS date FROM rm_sources WHERE source_id = $1",
      [state.sourceId],
    ),
    state.recommendationId
      ? db.query('SELECT recommendation_id, reference, text FROM rm_recommendations WHERE recommendation_id = $1', [
          state.recommendationId,
        ])
      : Promise.resolve([]),
  ]);
  const titles = new Map((plans as { plan_id: string; title: string }[]).map((plan) => [plan.plan_id, plan.title]));
  const source = (sources as { source_id: string; kind: string; title: string; date: string | null }[])[0];
  const recommendation = (
    recommendations as { recommendation_id: string; reference: string | null; text: string }[]
  )[0];
  return {
    state,
    plans: state.planIds.map((id) => ({ id, title: titles.get(id) ?? id })),
    source: source ? { id: source.source_id, kind: source.kind, title: source.title, date: source.date } : null,
    recommendation: recommendation
      ? { id: recommendation.recommendation_id, reference: recommendation.reference, text: recommendation.text }
      : null,
    history: (history as Parameters<typeof toAuditEntry>[0][]).map(toAuditEntry),
  };
}
