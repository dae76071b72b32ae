import type { DataSource } from 'typeorm';
import { cutSql, type AsItStood } from '../current-state/as-it-stood.js';
import { actionStates, type PlanActionView } from '../current-state/plan-state.reader.js';
import { toAuditEntry, type AuditEntry } from './audit-log.reader.js';
import { linkedGroup } from './linked-recommendations.reader.js';

type RecommendationView = { id: string; sourceId: string; reference: string | null; text: string; level: string };

export interface RecommendationHistory {
  recommendation: RecommendationView;
  source: { id: string; kind: string; title: string; date: string | null } | null;
  /** The recommendation this one has joined (RecommendationsLinked), as it stood; null when it has joined none. */
  linkedTo: string | null;
  /** The others that are one recommendation with it (the one it joined, and those that joined that one), as it stood. */
  linked: RecommendationView[];
  /**
   * Every plan it is in, oldest first, each with the words that plan gave it: a restatement
   * (RecommendationRestated), else the words it was recorded in.
   */
  plans: {
    id: string;
    title: string;
    periodStart: string;
    periodEnd: string;
    wording: { recommendationId: string; reference: string | null; text: string; restated: boolean };
  }[];
  /** The recommendations' own events (recorded, restated, linked, unlinked), in order. */
  events: AuditEntry[];
  /** Every action taken on it, across every plan, each as it stands (or stood) and with every event in order. */
  actions: { actionId: string; planIds: string[]; state: PlanActionView | null; events: AuditEntry[] }[];
}

type RecommendationRow = {
  recommendation_id: string;
  source_id: string;
  reference: string | null;
  text: string;
  level: string;
};
const viewOf = (row: RecommendationRow): RecommendationView => ({
  id: row.recommendation_id,
  sourceId: row.source_id,
  reference: row.reference,
  text: row.text,
  level: row.level,
});

/**
 * A recommendation's whole history: every action on it in every plan since, and every change to
 * each, following its links (the actions of the recommendations linked with it are its own); or,
 * given a moment (`when`), the history as far as it went then.
 */
export async function recommendationHistory(
  db: DataSource,
  recommendationId: string,
  today: string,
  when?: AsItStood,
): Promise<RecommendationHistory | null> {
  const recordedBy = when?.asAt ? ' AND recorded_at <= $2' : '';
  const [recommendation]: RecommendationRow[] = await db.query(
    `SELECT * FROM rm_recommendations WHERE recommendation_id = $1${recordedBy}`,
    when?.asAt ? [recommendationId, when.asAt] : [recommendationId],
  );
  if (!recommendation) return null;
  const group = await linkedGroup(db, recommendationId, when);
  const [source] = await db.query('SELECT * FROM rm_sources WHERE source_id = $1', [recommendation.source_id]);
  const members: RecommendationRow[] = await db.query(
    `SELECT * FROM rm_recommendations WHERE recommendation_id = ANY($1::text[])`,
    [group.members],
  );
  const params: unknown[] = [group.members];
  const bind = (value: unknown) => `$${params.push(value)}`;
  const rows = await db.query(
    `SELECT * FROM rm_audit_log WHERE action_id IN (SELECT action_id FROM rm_audit_log WHERE recommendation_id = ANY($1::text[]) AND action_id IS NOT NULL)
        AND ${cutSql(when ?? {}, bind)}
      ORDER BY position`,
    params,
  );
  const byAction = new Map<string, ReturnType<typeof toAuditEntry>[]>();
  for (const entry of rows.map(toAuditEntry)) {
    const list = byAction.get(entry.actionId!) ?? [];
    list.push(entry);
    byAction.set(entry.actionId!, list);
  }
  // Its own streams' events, and every link made to or from one of them, also once undone: the events tell it.
  const ownParams: unknown[] = [group.members.map((id) => `recommendation-${id}`), group.members];
  const ownRows = await db.query(
    `SELECT * FROM rm_audit_log
      WHERE (stream_id = ANY($1::text[])
             OR (type IN ('RecommendationsLinked', 'RecommendationsUnlinked')
                 AND (data->>'survivorId' = ANY($2::text[]) OR data->>'recommendationId' = ANY($2::text[]))))
        AND ${cutSql(when ?? {}, (value) => `$${ownParams.push(value)}`)}
      ORDER BY position`,
    ownParams,
  );
  const events = ownRows.map(toAuditEntry);
  const states = await actionStates(db, [...byAction.keys()], today, when);
  const actions = [...byAction].map(([actionId, actionEvents]) => ({
    actionId,
    planIds: [
      ...new Set(actionEvents.map((event) => event.planId).filter((planId): planId is string => planId !== null)),
    ],
    state: states.get(actionId) ?? null,
    events: actionEvents,
  }));
  return {
    recommendation: viewOf(recommendation),
    source: source ? { id: source.source_id, kind: source.kind, title: source.title, date: source.date } : null,
    linkedTo: group.linkedTo,
    linked: members.filter((row) => row.recommendation_id !== recommendationId).map(viewOf),
    plans: await plansWithWordings(db, members, actions, events),
    events,
    actions,
  };
}

/** Each plan with an action on the recommendation or a restatement of it, oldest first, with that plan's words. */
async function plansWithWordings(
  db: DataSource,
  members: RecommendationRow[],
  actions: { actionId: string; planIds: string[]; events: AuditEntry[] }[],
  events: AuditEntry[],
): Promise<RecommendationHistory['plans']> {
  const restated = new Map<string, { recommendationId: string; reference: string | null; text: string }>();
  for (const event of events) {
    if (event.type !== 'RecommendationRestated') continue;
    const data = event.data as { recommendationId: string; planId: string; reference: string | null; text: string };
    restated.set(data.planId, { recommendationId: data.recommendationId, reference: data.reference, text: data.text });
  }
  // The recommendation an action in each plan answers: its words are the plan's, unless the plan restated them.
  const answered = new Map<string, string>();
  for (const action of actions) {
    const created = action.events.find((event) => event.type === 'ActionCreated');
    const recommendationId = (created?.data as { recommendationId?: string } | undefined)?.recommendationId;
    if (!recommendationId) continue;
    for (const planId of action.planIds) if (!answered.has(planId)) answered.set(planId, recommendationId);
  }
  const planIds = [...new Set([...answered.keys(), ...restated.keys()])];
  if (planIds.length === 0) return [];
  const plans: { plan_id: string; title: string; period_start: string; period_end: string }[] = await db.query(
    `SELECT plan_id, title, to_char(period_start, 'YYYY-MM-DD') AS period_start, to_char(period_end, 'YYYY-MM-DD') AS period_end
       FROM rm_plans WHERE plan_id = ANY($1::text[]) ORDER BY period_start, title`,
    [planIds],
  );
  const byId = new Map(members.map((row) => [row.recommendation_id, row]));
  return plans.map((plan) => {
    const restatement = restated.get(plan.plan_id);
    const own = byId.get(answered.get(plan.plan_id) ?? '') ?? members[0]!;
    return {
      id: plan.plan_id,
      title: plan.title,
      periodStart: plan.period_start,
      periodEnd: plan.period_end,
      wording: restatement
        ? { ...restatement, restated: true }
        : { recommendationId: own.recommendation_id, reference: own.reference, text: own.text, restated: false },
    };
  });
}
