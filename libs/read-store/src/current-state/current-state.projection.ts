import { evolveAction, type Action, type ActionEvent, type DateOrText } from '#domain';
import type { RecordedEvent } from '#event-store';
import { rowsParam, streamKind, type Projection, type Sql } from '../projections/projection.js';

/** What rm_actions keeps besides the domain state: what a plan view shows without replaying. */
interface ActionRow {
  action_id: string;
  plan_ids: string[];
  current_plan_id: string;
  source_id: string;
  recommendation_id: string | null;
  ref: string | null;
  description: string;
  owner: string | null;
  dlt_lead: string | null;
  start: DateOrText | null;
  original_due: DateOrText | null;
  current_due: DateOrText | null;
  current_due_date: string | null;
  status: string | null;
  completed: boolean;
  retained_for_oversight: boolean;
  withdrawn: boolean;
  comment_count: number;
  evidence_count: number;
  last_comment: string | null;
  last_comment_at: string | null;
  created_at: string;
  last_moved_at: string;
  revision: number;
  state: Action;
}

function toRow(state: Action, previous: ActionRow | undefined, event: RecordedEvent): ActionRow {
  const effectiveAt = event.metadata.effectiveAt.toISOString();
  let lastComment = previous?.last_comment ?? null;
  let lastCommentAt = previous?.last_comment_at ?? null;
  // The last comment is the latest in effect, not the latest typed in: history is entered late.
  if (event.type === 'CommentAdded' && (lastCommentAt === null || Date.parse(effectiveAt) >= Date.parse(lastCommentAt))) {
    lastComment = (event.data as { text: string }).text;
    lastCommentAt = effectiveAt;
  }
  const lastMoved = previous && Date.parse(previous.last_moved_at) > Date.parse(effectiveAt) ? previous.last_moved_at : effectiveAt;
  return {
    action_id: state.actionId,
    plan_ids: state.planIds,
    current_plan_id: state.planIds[state.planIds.length - 1]!,
    source_id: state.sourceId,
    recommendation_id: state.recommendationId,
    ref: state.ref,
    description: state.description,
    owner: state.owner,
    dlt_lead: state.dltLead,
    start: state.start,
    original_due: state.originalDue,
    current_due: state.currentDue,
    current_due_date: state.currentDue?.kind === 'date' ? state.currentDue.date : null,
    status: state.status,
    completed: state.completed,
    retained_for_oversight: state.retainedForOversight,
    withdrawn: state.withdrawn,
    comment_count: state.commentIds.length,
    evidence_count: state.evidenceIds.length,
    last_comment: lastComment,
    last_comment_at: lastCommentAt,
    created_at: state.createdEffectiveAt,
    last_moved_at: lastMoved,
    revision: event.revision,
    state,
  };
}

/** Times read back from PostgreSQL come as Dates; the rows compare and store them as ISO text. */
function withIsoTimes(row: ActionRow): ActionRow {
  const iso = (value: unknown) => (value instanceof Date ? value.toISOString() : (value as string | null));
  return { ...row, last_comment_at: iso(row.last_comment_at), created_at: iso(row.created_at)!, last_moved_at: iso(row.last_moved_at)! };
}

/**
 * Actions as they stand now, with the plans, sources and recommendations they belong to: the
 * plan view, its counts, and accountability to each source.
 */
export const currentStateProjection: Projection = {
  name: 'current-state',
  tables: ['rm_actions', 'rm_plans', 'rm_sources', 'rm_recommendations'],

  async apply(events: RecordedEvent[], sql: Sql, table: (name: string) => string) {
    const actionIds = [...new Set(events.filter((event) => streamKind(event.streamId) === 'action').map((event) => event.streamId.slice('action-'.length)))];
    const existing = actionIds.length
      ? await sql<ActionRow>(`SELECT * FROM ${table('rm_actions')} WHERE action_id = ANY($1::text[])`, [actionIds])
      : [];
    const actions = new Map(existing.map((row) => [`action-${row.action_id}`, withIsoTimes(row)]));
    const changedActions = new Set<string>();
    const plans: object[] = [];
    const sources: object[] = [];
    const recommendations: object[] = [];

    for (const event of events) {
      const data = event.data as Record<string, unknown>;
      const recordedAt = event.metadata.recordedAt.toISOString();
      switch (streamKind(event.streamId)) {
        case 'action': {
          const previous = actions.get(event.streamId);
          if (previous && event.revision <= previous.revision) continue; // applied already
          const state = evolveAction(previous?.state ?? null, { type: event.type, data } as ActionEvent, event.metadata.effectiveAt.toISOString());
          if (!state) continue;
          actions.set(event.streamId, toRow(state, previous, event));
          changedActions.add(event.streamId);
          break;
        }
        case 'plan':
          if (event.type === 'PlanOpened') {
            plans.push({ plan_id: data.planId, title: data.title, period_start: data.periodStart, period_end: data.periodEnd, owner: data.owner, board: data.board, review_frequency: data.reviewFrequency, opened_at: recordedAt });
          }
          break;
        case 'source':
          if (event.type === 'SourceRegistered') sources.push({ source_id: data.sourceId, kind: data.kind, title: data.title, date: data.date, recorded_at: recordedAt });
          break;
        case 'recommendation':
          if (event.type === 'RecommendationRecorded') {
            recommendations.push({ recommendation_id: data.recommendationId, source_id: data.sourceId, reference: data.reference, text: data.text, level: data.level, recorded_at: recordedAt });
          }
          break;
      }
    }

    const insertNew = async (name: string, key: string, rows: object[]) => {
      if (rows.length === 0) return;
      await sql(`INSERT INTO ${table(name)} SELECT * FROM jsonb_populate_recordset(NULL::${table(name)}, $1::jsonb) ON CONFLICT (${key}) DO NOTHING`, [rowsParam(rows)]);
    };
    await insertNew('rm_plans', 'plan_id', plans);
    await insertNew('rm_sources', 'source_id', sources);
    await insertNew('rm_recommendations', 'recommendation_id', recommendations);
    if (changedActions.size > 0) {
      const rows = [...changedActions].map((streamId) => actions.get(streamId)!);
      const columns = Object.keys(rows[0]!).filter((column) => column !== 'action_id');
      await sql(
        `INSERT INTO ${table('rm_actions')} SELECT * FROM jsonb_populate_recordset(NULL::${table('rm_actions')}, $1::jsonb)
         ON CONFLICT (action_id) DO UPDATE SET ${columns.map((column) => `${column} = EXCLUDED.${column}`).join(', ')}`,
        [rowsParam(rows)],
      );
    }
  },
};
