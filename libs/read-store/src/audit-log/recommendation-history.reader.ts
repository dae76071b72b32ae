import type { DataSource } from 'typeorm';
import { cutSql, type AsItStood } from '../current-state/as-it-stood.js';
import { actionStates, type PlanActionView } from '../current-state/plan-state.reader.js';
import { toAuditEntry, type AuditEntry } from './audit-log.reader.js';

export interface RecommendationHistory {
  recommendation: { id: string; sourceId: string; reference: string | null; text: string; level: string };
  source: { id: string; kind: string; title: string; date: string | null } | null;
  /** Every action taken on it, across every plan, each as it stands (or stood) and with every event in order. */
  actions: { actionId: string; planIds: string[]; state: PlanActionView | null; events: AuditEntry[] }[];
}

/**
 * A recommendation's whole history: every action on it in every plan since, and every change to
 * each; or, given a moment (`when`), the history as far as it went then.
 */
export async function recommendationHistory(
  db: DataSource,
  recommendationId: string,
  today: string,
  when?: AsItStood,
): Promise<RecommendationHistory | null> {
  const recordedBy = when?.asAt ? ' AND recorded_at <= $2' : '';
  const [recommendation] = await db.query(
    `SELECT * FROM rm_recommendations WHERE recommendation_id = $1${recordedBy}`,
    when?.asAt ? [recommendationId, when.asAt] : [recommendationId],
  );
  if (!recommendation) return null;
  const [source] = await db.query('SELECT * FROM rm_sources WHERE source_id = $1', [recommendation.source_id]);
  const params: unknown[] = [recommendationId];
  const bind = (value: unknown) => `$${params.push(value)}`;
  const rows = await db.query(
    `SELECT * FROM rm_audit_log WHERE action_id IN (SELECT action_id FROM rm_audit_log WHERE recommendation_id = $1 AND action_id IS NOT NULL)
        AND ${cutSql(when ?? {}, bind)}
      ORDER BY position`,
    params,
  );
  const byAction = new Map<string, AuditEntry[]>();
  for (const entry of rows.map(toAuditEntry)) {
    const list = byAction.get(entry.actionId!) ?? [];
    list.push(entry);
    byAction.set(entry.actionId!, list);
  }
  const states = await actionStates(db, [...byAction.keys()], today, when);
  return {
    recommendation: {
      id: recommendation.recommendation_id,
      sourceId: recommendation.source_id,
      reference: recommendation.reference,
      text: recommendation.text,
      level: recommendation.level,
    },
    source: source ? { id: source.source_id, kind: source.kind, title: source.title, date: source.date } : null,
    actions: [...byAction].map(([actionId, events]) => ({
      actionId,
      planIds: [...new Set(events.map((event) => event.planId).filter((planId): planId is string => planId !== null))],
      state: states.get(actionId) ?? null,
      events,
    })),
  };
}
