import type { DataSource } from 'typeorm';

export const ACTION_SORTS = ['ref', 'due', 'status', 'owner', 'lastMoved'] as const;
export type ActionSort = (typeof ACTION_SORTS)[number];
export const STATUS_FILTERS = ['blue', 'red', 'amber', 'green', 'unrated'] as const;
export type StatusFilter = (typeof STATUS_FILTERS)[number];

export interface PlanStateQuery {
  planId: string;
  /** The day against which "overdue" is judged (YYYY-MM-DD). */
  today: string;
  status?: StatusFilter;
  owner?: string;
  overdue?: boolean;
  retained?: boolean;
  /** Actions carried forward out of this plan are listed too unless false. */
  includeCarriedForward?: boolean;
  sort?: ActionSort;
  descending?: boolean;
  page: number;
  pageSize: number;
}

export interface PlanActionView {
  id: string;
  revision: number;
  ref: string | null;
  description: string;
  owner: string | null;
  dltLead: string | null;
  status: string | null;
  originalDue: unknown;
  currentDue: unknown;
  dueMoved: boolean;
  overdue: boolean;
  completed: boolean;
  retainedForOversight: boolean;
  withdrawn: boolean;
  /** Set when the action has since been carried into another plan. */
  carriedForwardTo: string | null;
  sourceId: string;
  recommendationId: string | null;
  lastComment: { text: string; effectiveAt: string } | null;
  commentCount: number;
  evidenceCount: number;
  createdAt: string;
  lastMovedAt: string;
}

export interface PlanStateView {
  plan: { id: string; title: string; periodStart: string; periodEnd: string; owner: string | null; board: string | null; reviewFrequency: string | null };
  counts: { total: number; blue: number; red: number; amber: number; green: number; unrated: number; overdue: number; retainedForOversight: number; withdrawn: number };
  actions: PlanActionView[];
  page: { number: number; size: number; totalItems: number };
}

const SORT_COLUMNS: Record<ActionSort, string> = {
  ref: 'ref',
  due: 'current_due_date',
  status: 'status',
  owner: 'owner',
  lastMoved: 'last_moved_at',
};

/** Past its due date and not done; `today` is a bound parameter such as `$2`. */
const overdueSql = (today: string) => `(current_due_date < ${today}::date AND NOT completed AND NOT withdrawn)`;

interface ActionRecord {
  action_id: string;
  revision: number;
  ref: string | null;
  description: string;
  owner: string | null;
  dlt_lead: string | null;
  status: string | null;
  original_due: unknown;
  current_due: unknown;
  overdue: boolean;
  completed: boolean;
  retained_for_oversight: boolean;
  withdrawn: boolean;
  current_plan_id: string;
  source_id: string;
  recommendation_id: string | null;
  last_comment: string | null;
  last_comment_at: Date | null;
  comment_count: number;
  evidence_count: number;
  created_at: Date;
  last_moved_at: Date;
}

export function toActionView(row: ActionRecord, planId: string | null): PlanActionView {
  return {
    id: row.action_id,
    revision: row.revision,
    ref: row.ref,
    description: row.description,
    owner: row.owner,
    dltLead: row.dlt_lead,
    status: row.status,
    originalDue: row.original_due,
    currentDue: row.current_due,
    dueMoved: JSON.stringify(row.original_due) !== JSON.stringify(row.current_due),
    overdue: row.overdue,
    completed: row.completed,
    retainedForOversight: row.retained_for_oversight,
    withdrawn: row.withdrawn,
    carriedForwardTo: planId !== null && row.current_plan_id !== planId ? row.current_plan_id : null,
    sourceId: row.source_id,
    recommendationId: row.recommendation_id,
    lastComment: row.last_comment === null ? null : { text: row.last_comment, effectiveAt: row.last_comment_at!.toISOString() },
    commentCount: row.comment_count,
    evidenceCount: row.evidence_count,
    createdAt: row.created_at.toISOString(),
    lastMovedAt: row.last_moved_at.toISOString(),
  };
}

export const ACTION_COLUMNS = `action_id, revision, ref, description, owner, dlt_lead, status, original_due, current_due,
  completed, retained_for_oversight, withdrawn, current_plan_id, source_id, recommendation_id, last_comment,
  last_comment_at, comment_count, evidence_count, created_at, last_moved_at`;

/** A plan's actions now, filtered, sorted and paged, with its counts by status: the plan as managers see it. */
export async function planState(db: DataSource, query: PlanStateQuery): Promise<PlanStateView | null> {
  const [plan] = await db.query('SELECT * FROM rm_plans WHERE plan_id = $1', [query.planId]);
  if (!plan) return null;
  const inPlan = query.includeCarriedForward === false ? 'current_plan_id = $1' : '$1 = ANY(plan_ids)';
  const [counts] = await db.query(
    `SELECT count(*)::int AS total,
            count(*) FILTER (WHERE status = 'blue')::int AS blue, count(*) FILTER (WHERE status = 'red')::int AS red,
            count(*) FILTER (WHERE status = 'amber')::int AS amber, count(*) FILTER (WHERE status = 'green')::int AS green,
            count(*) FILTER (WHERE status IS NULL)::int AS unrated, count(*) FILTER (WHERE ${overdueSql('$2')})::int AS overdue,
            count(*) FILTER (WHERE retained_for_oversight)::int AS "retainedForOversight", count(*) FILTER (WHERE withdrawn)::int AS withdrawn
       FROM rm_actions WHERE ${inPlan}`,
    [query.planId, query.today],
  );
  // Parameters are numbered as they are added, so each statement binds exactly what it uses.
  const params: unknown[] = [query.planId];
  const bind = (value: unknown) => `$${params.push(value)}`;
  const filters = [inPlan];
  if (query.status) filters.push(query.status === 'unrated' ? 'status IS NULL' : `status = ${bind(query.status)}`);
  if (query.owner) filters.push(`lower(owner) = lower(${bind(query.owner)})`);
  if (query.overdue !== undefined) filters.push(`${query.overdue ? '' : 'NOT '}${overdueSql(bind(query.today))}`);
  if (query.retained !== undefined) filters.push(query.retained ? 'retained_for_oversight' : 'NOT retained_for_oversight');
  const where = filters.join(' AND ');
  const order = `${SORT_COLUMNS[query.sort ?? 'ref']} ${query.descending ? 'DESC' : 'ASC'} NULLS LAST, action_id`;
  const [{ total }] = await db.query(`SELECT count(*)::int AS total FROM rm_actions WHERE ${where}`, params);
  const rows: ActionRecord[] = await db.query(
    `SELECT ${ACTION_COLUMNS}, ${overdueSql(bind(query.today))} AS overdue FROM rm_actions WHERE ${where}
      ORDER BY ${order} LIMIT ${bind(query.pageSize)} OFFSET ${bind((query.page - 1) * query.pageSize)}`,
    params,
  );
  return {
    plan: { id: plan.plan_id, title: plan.title, periodStart: plan.period_start, periodEnd: plan.period_end, owner: plan.owner, board: plan.board, reviewFrequency: plan.review_frequency },
    counts,
    actions: rows.map((row) => toActionView(row, query.planId)),
    page: { number: query.page, size: query.pageSize, totalItems: total },
  };
}

/** One action as it stands, or null. */
export async function actionState(db: DataSource, actionId: string, today: string): Promise<PlanActionView | null> {
  const [row] = await db.query(`SELECT ${ACTION_COLUMNS}, ${overdueSql('$2')} AS overdue FROM rm_actions WHERE action_id = $1`, [actionId, today]);
  return row ? toActionView(row, null) : null;
}
