import type { DataSource } from 'typeorm';
import { rowsParam } from '../projections/projection.js';
import type { ActionRow } from './action-row.js';
import { actionRowsAsItStood, type AsItStood } from './as-it-stood.js';

export const ACTION_SORTS = ['ref', 'due', 'status', 'owner', 'lastMoved'] as const;
export type ActionSort = (typeof ACTION_SORTS)[number];
export const STATUS_FILTERS = ['blue', 'red', 'amber', 'green', 'unrated'] as const;
export type StatusFilter = (typeof STATUS_FILTERS)[number];

export interface PlanStateQuery {
  planId: string;
  /**
   * The day against which "overdue" is judged (YYYY-MM-DD), in the service's time zone: today, or,
   * looking back, the day looked at (the caller's calendar judges it: see CalendarDays).
   */
  today: string;
  status?: StatusFilter;
  owner?: string;
  /** Only actions answering a source of one of these kinds. */
  sourceKinds?: string[];
  overdue?: boolean;
  retained?: boolean;
  /** Actions carried forward out of this plan are listed too unless false. */
  includeCarriedForward?: boolean;
  sort?: ActionSort;
  descending?: boolean;
  page: number;
  pageSize: number;
  /** The plan as it stood then, instead of now; `today` is then the day looked at, as the caller judged it. */
  asItStood?: AsItStood;
}

export interface PlanActionView {
  id: string;
  revision: number;
  ref: string | null;
  description: string;
  owner: string | null;
  dltLead: string | null;
  /** The section of the plan it sits under ("Priority 1 - SAFE", "Audit 2024 service wide recommendations"). */
  theme: string | null;
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

/** A plan's own fields, as every view of it (the list, the plan, the committee report) names it. */
export interface PlanHeader {
  id: string;
  title: string;
  periodStart: string;
  periodEnd: string;
  owner: string | null;
  board: string | null;
  reviewFrequency: string | null;
}

/** How a plan's actions stand, counted: by BRAG status (unrated: none yet), overdue, retained, withdrawn. */
export interface PlanCounts {
  total: number;
  blue: number;
  red: number;
  amber: number;
  green: number;
  unrated: number;
  overdue: number;
  retainedForOversight: number;
  withdrawn: number;
}

export interface PlanStateView {
  plan: PlanHeader;
  counts: PlanCounts;
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

/**
 * Past its due date and not done; `today` is a bound parameter such as `$2`. A due date in words
 * ("Weekly.") has no day to be past, and is never overdue rather than unknown (NULL).
 */
const overdueSql = (today: string) =>
  `COALESCE(current_due_date < ${today}::date AND NOT completed AND NOT withdrawn, false)`;

interface ActionRecord {
  action_id: string;
  revision: number;
  ref: string | null;
  description: string;
  owner: string | null;
  dlt_lead: string | null;
  theme: string | null;
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
    theme: row.theme,
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
    lastComment:
      row.last_comment === null ? null : { text: row.last_comment, effectiveAt: row.last_comment_at!.toISOString() },
    commentCount: row.comment_count,
    evidenceCount: row.evidence_count,
    createdAt: row.created_at.toISOString(),
    lastMovedAt: row.last_moved_at.toISOString(),
  };
}

export const ACTION_COLUMNS = `action_id, revision, ref, description, owner, dlt_lead, state->>'theme' AS theme, status, original_due, current_due,
  completed, retained_for_oversight, withdrawn, current_plan_id, source_id, recommendation_id, last_comment,
  last_comment_at, comment_count, evidence_count, created_at, last_moved_at`;

/**
 * Where a query reads actions from: rm_actions as it stands, or the rows a replay gave for a
 * moment in the past, laid out as rm_actions so the same filters, sorts and counts apply.
 */
function actionsRelation(replayed: string | null, bind: (value: unknown) => string): string {
  return replayed !== null ? `jsonb_populate_recordset(NULL::rm_actions, ${bind(replayed)}::jsonb)` : 'rm_actions';
}

/** Replayed rows as the JSON the relation reads: without the domain state, which no view selects. */
// The replayed rows keep of their state only what the views read from it (the theme), not the whole fold.
const replayedJson = (rows: ActionRow[]): string =>
  rowsParam(rows.map(({ state, ...columns }) => ({ ...columns, state: { theme: state?.theme ?? null } })));

/** Parameters numbered as they are added, so each statement binds exactly what it uses. */
function parameters(): { params: unknown[]; bind: (value: unknown) => string } {
  const params: unknown[] = [];
  return { params, bind: (value) => `$${params.push(value)}` };
}

/**
 * A plan's actions, filtered, sorted and paged, with its counts by status: the plan as managers
 * see it now, or as it stood at a moment in the past.
 */
export async function planState(db: DataSource, query: PlanStateQuery): Promise<PlanStateView | null> {
  const when = query.asItStood;
  const recordedBy = when?.asAt ? ' AND opened_at <= $2' : '';
  const [plan] = await db.query(
    `SELECT * FROM rm_plans WHERE plan_id = $1${recordedBy}`,
    when?.asAt ? [query.planId, when.asAt] : [query.planId],
  );
  if (!plan) return null;
  const { today } = query;
  const replayed = when ? replayedJson(await actionRowsAsItStood(db, { everInPlan: query.planId }, when)) : null;

  const inPlan = (bind: (value: unknown) => string) =>
    query.includeCarriedForward === false
      ? `current_plan_id = ${bind(query.planId)}`
      : `${bind(query.planId)} = ANY(plan_ids)`;
  const selected = (bind: (value: unknown) => string) => {
    const filters: string[] = [];
    if (query.status) filters.push(query.status === 'unrated' ? 'status IS NULL' : `status = ${bind(query.status)}`);
    if (query.owner) filters.push(`lower(owner) = lower(${bind(query.owner)})`);
    // A source's kind is fixed when it is registered, before any action answers it: the current table serves the past too.
    if (query.sourceKinds)
      filters.push(
        `source_id IN (SELECT source_id FROM rm_sources WHERE kind = ANY(${bind(query.sourceKinds)}::text[]))`,
      );
    if (query.overdue !== undefined) filters.push(`${query.overdue ? '' : 'NOT '}${overdueSql(bind(today))}`);
    if (query.retained !== undefined)
      filters.push(query.retained ? 'retained_for_oversight' : 'NOT retained_for_oversight');
    return filters.length ? filters.join(' AND ') : 'TRUE';
  };
  // The plan's counts and how many the filters select, in one pass over its actions.
  const counting = parameters();
  const [{ selected: total, ...counts }] = await db.query(
    `SELECT count(*)::int AS total,
            count(*) FILTER (WHERE status = 'blue')::int AS blue, count(*) FILTER (WHERE status = 'red')::int AS red,
            count(*) FILTER (WHERE status = 'amber')::int AS amber, count(*) FILTER (WHERE status = 'green')::int AS green,
            count(*) FILTER (WHERE status IS NULL)::int AS unrated, count(*) FILTER (WHERE ${overdueSql(counting.bind(today))})::int AS overdue,
            count(*) FILTER (WHERE retained_for_oversight)::int AS "retainedForOversight", count(*) FILTER (WHERE withdrawn)::int AS withdrawn,
            count(*) FILTER (WHERE ${selected(counting.bind)})::int AS selected
       FROM ${actionsRelation(replayed, counting.bind)} AS actions WHERE ${inPlan(counting.bind)}`,
    counting.params,
  );
  const { params, bind } = parameters();
  const order = `${SORT_COLUMNS[query.sort ?? 'ref']} ${query.descending ? 'DESC' : 'ASC'} NULLS LAST, action_id`;
  const rows: ActionRecord[] = await db.query(
    `SELECT ${ACTION_COLUMNS}, ${overdueSql(bind(today))} AS overdue
       FROM ${actionsRelation(replayed, bind)} AS actions WHERE ${inPlan(bind)} AND ${selected(bind)}
      ORDER BY ${order} LIMIT ${bind(query.pageSize)} OFFSET ${bind((query.page - 1) * query.pageSize)}`,
    params,
  );
  return {
    plan: {
      id: plan.plan_id,
      title: plan.title,
      periodStart: plan.period_start,
      periodEnd: plan.period_end,
      owner: plan.owner,
      board: plan.board,
      reviewFrequency: plan.review_frequency,
    },
    counts,
    actions: rows.map((row) => toActionView(row, query.planId)),
    page: { number: query.page, size: query.pageSize, totalItems: total },
  };
}

/** One action as it stands, or as it stood at a moment in the past; null when it did not exist. */
export async function actionState(
  db: DataSource,
  actionId: string,
  today: string,
  when?: AsItStood,
): Promise<PlanActionView | null> {
  return (await actionStates(db, [actionId], today, when)).get(actionId) ?? null;
}

/** actionState for several actions in one replay and one query; actions not (yet) created are left out. */
export async function actionStates(
  db: DataSource,
  actionIds: string[],
  today: string,
  when?: AsItStood,
): Promise<Map<string, PlanActionView>> {
  if (actionIds.length === 0) return new Map();
  const { params, bind } = parameters();
  const replayed = when ? replayedJson(await actionRowsAsItStood(db, actionIds, when)) : null;
  const rows: ActionRecord[] = await db.query(
    `SELECT ${ACTION_COLUMNS}, ${overdueSql(bind(today))} AS overdue FROM ${actionsRelation(replayed, bind)} AS actions WHERE action_id = ANY(${bind(actionIds)}::text[])`,
    params,
  );
  return new Map(rows.map((row) => [row.action_id, toActionView(row, null)]));
}
