import { evolveAction, type Action, type ActionEvent, type DateOrText } from '#domain';

/** What rm_actions keeps besides the domain state: what a plan view shows without replaying. */
export interface ActionRow {
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

/** What the row needs of a stored action event: from the event store, or from the audit log. */
export interface ActionChange {
  type: string;
  data: unknown;
  revision: number;
  /** ISO instant. */
  effectiveAt: string;
}

/**
 * The row after one more event of the action, or undefined before its ActionCreated. The live
 * projection and every "as it stood" replay fold through this one function, so the two cannot
 * drift apart.
 */
export function nextActionRow(previous: ActionRow | undefined, change: ActionChange): ActionRow | undefined {
  const state = evolveAction(
    previous?.state ?? null,
    { type: change.type, data: change.data } as ActionEvent,
    change.effectiveAt,
  );
  return state ? toRow(state, previous, change) : undefined;
}

function toRow(state: Action, previous: ActionRow | undefined, event: ActionChange): ActionRow {
  const effectiveAt = event.effectiveAt;
  let lastComment = previous?.last_comment ?? null;
  let lastCommentAt = previous?.last_comment_at ?? null;
  // The last comment is the latest in effect, not the latest typed in: history is entered late.
  if (
    event.type === 'CommentAdded' &&
    (lastCommentAt === null || Date.parse(effectiveAt) >= Date.parse(lastCommentAt))
  ) {
    lastComment = (event.data as { text: string }).text;
    lastCommentAt = effectiveAt;
  }
  const lastMoved =
    previous && Date.parse(previous.last_moved_at) > Date.parse(effectiveAt) ? previous.last_moved_at : effectiveAt;
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
    // The latest recorded change in it: folds from a snapshot may meet an earlier revision after a later one.
    revision: Math.max(previous?.revision ?? -1, event.revision),
    state,
  };
}

/** Times read back from PostgreSQL come as Dates; the rows compare and store them as ISO text. */
export function withIsoTimes(row: ActionRow): ActionRow {
  const iso = (value: unknown) => (value instanceof Date ? value.toISOString() : (value as string | null));
  return {
    ...row,
    last_comment_at: iso(row.last_comment_at),
    created_at: iso(row.created_at)!,
    last_moved_at: iso(row.last_moved_at)!,
  };
}
