import type { DataSource } from 'typeorm';
import { toAuditEntry, type AuditEntry } from './audit-log.query.js';

export interface RecommendationHistory {
  recommendation: { id: string; sourceId: string; reference: string | null; text: string; level: string };
  source: { id: string; kind: string; title: string; date: string | null } | null;
  /** Every action taken on it, across every plan, each with every event in order. */
  actions: { actionId: string; planIds: string[]; events: AuditEntry[] }[];
}

/** A recommendation's whole history: every action on it in every plan since, and every change to each. */
export async function recommendationHistory(db: DataSource, recommendationId: string): Promise<RecommendationHistory | null> {
  const [recommendation] = await db.query('SELECT * FROM rm_recommendations WHERE recommendation_id = $1', [recommendationId]);
  if (!recommendation) return null;
  const [source] = await db.query('SELECT * FROM rm_sources WHERE source_id = $1', [recommendation.source_id]);
  const rows = await db.query(
    `SELECT * FROM rm_audit_log WHERE action_id IN (SELECT action_id FROM rm_audit_log WHERE recommendation_id = $1 AND action_id IS NOT NULL)
      ORDER BY position`,
    [recommendationId],
  );
  const byAction = new Map<string, AuditEntry[]>();
  for (const entry of rows.map(toAuditEntry)) {
    const list = byAction.get(entry.actionId!) ?? [];
    list.push(entry);
    byAction.set(entry.actionId!, list);
  }
  return {
    recommendation: { id: recommendation.recommendation_id, sourceId: recommendation.source_id, reference: recommendation.reference, text: recommendation.text, level: recommendation.level },
    source: source ? { id: source.source_id, kind: source.kind, title: source.title, date: source.date } : null,
    actions: [...byAction].map(([actionId, events]) => ({
      actionId,
      planIds: [...new Set(events.map((event) => event.planId).filter((planId): planId is string => planId !== null))],
      events,
    })),
  };
}
