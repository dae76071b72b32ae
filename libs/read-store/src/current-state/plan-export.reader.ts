import type { DataSource } from 'typeorm';
import type { Action, DateOrText, IsoDate, IsoDateTime, RagStatus, SourceKind } from '#domain';
import { actionRowsAsItStood, cutSql, type AsItStood } from './as-it-stood.js';

/**
 * A plan with everything its workbook shows, as it stands or as it stood: what the exporter
 * (libs/importer/src/export) writes a workbook from, and no more.
 */
export interface PlanForExport {
  id: string;
  title: string;
  periodStart: IsoDate;
  periodEnd: IsoDate;
  owner: string | null;
  board: string | null;
  reviewFrequency: string | null;
  /** In the order they were created: a workbook's row order, then what was added since. */
  actions: ActionForExport[];
}

export interface ActionForExport {
  id: string;
  ref: string | null;
  description: string;
  owner: string | null;
  dltLead: string | null;
  start: DateOrText | null;
  /** The due date as it now stands (the workbook has one By when? column). */
  due: DateOrText | null;
  successMeasure: string | null;
  experienceOfChildren: string | null;
  theme: string | null;
  status: RagStatus | null;
  completed: boolean;
  retainedForOversight: boolean;
  source: { id: string; kind: SourceKind; title: string; date: IsoDate | null };
  recommendation: { id: string; text: string } | null;
  /** In the order they were recorded. */
  comments: CommentForExport[];
}

export interface CommentForExport {
  id: string;
  text: string;
  effectiveAt: IsoDateTime;
  /** Read from a workbook: its words carry whatever date marker the plan gave it. */
  fromWorkbook: boolean;
}

interface Gathered {
  action_id: string;
  created_position: string | null;
  recommendation_text: string | null;
  source_kind: SourceKind | null;
  source_title: string | null;
  source_date: string | null;
  comments: { id: string; text: string; effectiveAt: string; fromWorkbook: boolean }[];
}

/**
 * Every action of a plan (those carried on to a later plan too; withdrawn ones are no longer in
 * it) with every field, its recommendation's words, its source, and each of its comments in
 * effect by the cut with its effective time and whether a workbook wrote it, in the order the
 * actions were created (for an imported plan, its rows' order). Null when the plan is unknown,
 * or was not yet recorded by `asAt`.
 */
export async function planForExport(db: DataSource, planId: string, when?: AsItStood): Promise<PlanForExport | null> {
  const [plan] = await db.query(
    `SELECT * FROM rm_plans WHERE plan_id = $1${when?.asAt ? ' AND opened_at <= $2' : ''}`,
    when?.asAt ? [planId, when.asAt] : [planId],
  );
  if (!plan) return null;
  const states: Action[] = when
    ? (await actionRowsAsItStood(db, { everInPlan: planId }, when)).map((row) => row.state)
    : (await db.query('SELECT state FROM rm_actions WHERE $1 = ANY(plan_ids)', [planId])).map(
        (row: { state: Action }) => row.state,
      );
  const live = states.filter((state) => !state.withdrawn);

  const params: unknown[] = [
    live.map((s) => s.actionId),
    live.map((s) => s.sourceId),
    live.map((s) => s.recommendationId),
  ];
  const bind = (value: unknown) => `$${params.push(value)}`;
  const gathered: Gathered[] = await db.query(
    `SELECT a.action_id,
            (SELECT position FROM rm_audit_log WHERE stream_id = 'action-' || a.action_id AND type = 'ActionCreated' ORDER BY revision LIMIT 1) AS created_position,
            r.text AS recommendation_text, s.kind AS source_kind, s.title AS source_title, s.date AS source_date,
            COALESCE((SELECT json_agg(json_build_object('id', c.data->>'commentId', 'text', c.data->>'text',
                                                        'effectiveAt', to_char(c.effective_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
                                                        'fromWorkbook', c.origin LIKE 'import:%') ORDER BY c.position)
                        FROM rm_audit_log c
                       WHERE c.stream_id = 'action-' || a.action_id AND c.type = 'CommentAdded' AND ${when ? cutSql(when, bind) : 'TRUE'}), '[]') AS comments
       FROM unnest($1::text[], $2::text[], $3::text[]) AS a(action_id, source_id, recommendation_id)
       LEFT JOIN rm_recommendations r ON r.recommendation_id = a.recommendation_id
       LEFT JOIN rm_sources s ON s.source_id = a.source_id`,
    params,
  );
  const byId = new Map(gathered.map((row) => [row.action_id, row]));
  const position = (state: Action) => Number(byId.get(state.actionId)?.created_position ?? Number.MAX_SAFE_INTEGER);
  const actions = [...live]
    .sort((a, b) => position(a) - position(b) || a.actionId.localeCompare(b.actionId))
    .map((state): ActionForExport => {
      const row = byId.get(state.actionId)!;
      // The comments the state counts: the audit log may already hold one the state has not reached.
      const counted = new Set(state.commentIds);
      return {
        id: state.actionId,
        ref: state.ref,
        description: state.description,
        owner: state.owner,
        dltLead: state.dltLead,
        start: state.start,
        due: state.currentDue,
        successMeasure: state.successMeasure,
        experienceOfChildren: state.experienceOfChildren,
        theme: state.theme,
        status: state.status,
        completed: state.completed,
        retainedForOversight: state.retainedForOversight,
        source: {
          id: state.sourceId,
          kind: row.source_kind ?? 'other',
          title: row.source_title ?? 'Source not known',
          date: row.source_date,
        },
        recommendation:
          state.recommendationId === null ? null : { id: state.recommendationId, text: row.recommendation_text ?? '' },
        comments: row.comments.filter((comment) => counted.has(comment.id)),
      };
    });
  return {
    id: plan.plan_id,
    title: plan.title,
    periodStart: plan.period_start,
    periodEnd: plan.period_end,
    owner: plan.owner,
    board: plan.board,
    reviewFrequency: plan.review_frequency,
    actions,
  };
}
