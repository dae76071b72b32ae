import type { DataSource } from 'typeorm';
import { planChanges, type AuditEntry, type ChangesBasis } from '../audit-log/audit-log.reader.js';
import type { ActionRow } from './action-row.js';
import { actionRowsAsItStood } from './as-it-stood.js';

/** One action's movement over the period: where it was when the period began, and where it ended. */
export interface ActionMovement {
  actionId: string;
  ref: string | null;
  description: string;
  /** Created (or carried into the plan) during the period. */
  isNew: boolean;
  status: { before: string | null; after: string | null };
  owner: { before: string | null; after: string | null };
  due: { before: unknown; after: unknown };
  completed: { before: boolean; after: boolean };
  commentsAdded: number;
  evidenceAttached: number;
  events: number;
}

export interface PlanChangesReport {
  plan: { id: string; title: string };
  /** [since, until); `basis` says which time of an event placed it in the period. */
  period: { since: string; until: string; basis: ChangesBasis };
  summary: {
    events: number;
    actionsMoved: number;
    newActions: number;
    completed: number;
    statusChanges: number;
    commentsAdded: number;
    evidenceAttached: number;
    byType: Record<string, number>;
  };
  actions: ActionMovement[];
  /** Every event recorded in the period, in order. */
  changes: AuditEntry[];
}

/**
 * The quarterly committee report: what was recorded on a plan's actions in [since, until), and
 * for each action moved, its status, owner and due date when the period began and when it ended
 * — both replayed from the audit log, as the system showed them at those two moments. By
 * `basis` 'effective', what took effect in the period instead, and the actions as they stood
 * (by effective time, with everything recorded since) at its start and its end.
 */
export async function planChangesReport(
  db: DataSource,
  planId: string,
  since: Date,
  until: Date,
  basis: ChangesBasis = 'recorded',
  /** Only what had been recorded by this moment: the report as it was produced then. */
  recordedBy?: Date,
): Promise<PlanChangesReport | null> {
  const [plan] = await db.query('SELECT plan_id, title FROM rm_plans WHERE plan_id = $1', [planId]);
  if (!plan) return null;
  const changes = await planChanges(db, planId, since, until, basis, recordedBy);
  const actionIds = [...new Set(changes.map((change) => change.actionId).filter((id): id is string => id !== null))];
  const justBefore = new Date(since.getTime() - 1);
  const justBeforeEnd = new Date(until.getTime() - 1);
  const byId = (rows: ActionRow[]) => new Map(rows.map((row) => [row.action_id, row]));
  const at = (moment: Date) =>
    basis === 'effective'
      ? { asOf: moment, ...(recordedBy ? { asAt: recordedBy } : {}) }
      : { asAt: recordedBy && recordedBy < moment ? recordedBy : moment };
  const [before, after] = [
    byId(await actionRowsAsItStood(db, actionIds, at(justBefore))),
    byId(await actionRowsAsItStood(db, actionIds, at(justBeforeEnd))),
  ];

  const actions: ActionMovement[] = actionIds.flatMap((actionId) => {
    const [was, is] = [before.get(actionId), after.get(actionId)];
    if (!is) return [];
    const own = changes.filter((change) => change.actionId === actionId);
    const count = (type: string) => own.filter((change) => change.type === type).length;
    return [
      {
        actionId,
        ref: is.ref,
        description: is.description,
        isNew: !was || !was.plan_ids.includes(planId),
        status: { before: was?.status ?? null, after: is.status },
        owner: { before: was?.owner ?? null, after: is.owner },
        due: { before: was?.current_due ?? null, after: is.current_due },
        completed: { before: was?.completed ?? false, after: is.completed },
        commentsAdded: count('CommentAdded'),
        evidenceAttached: count('EvidenceAttached'),
        events: own.length,
      },
    ];
  });
  const byType: Record<string, number> = {};
  for (const change of changes) byType[change.type] = (byType[change.type] ?? 0) + 1;
  return {
    plan: { id: plan.plan_id, title: plan.title },
    period: { since: since.toISOString(), until: until.toISOString(), basis },
    summary: {
      events: changes.length,
      actionsMoved: actions.length,
      newActions: actions.filter((action) => action.isNew).length,
      completed: actions.filter((action) => action.completed.after && !action.completed.before).length,
      statusChanges: actions.filter((action) => action.status.after !== action.status.before).length,
      commentsAdded: byType.CommentAdded ?? 0,
      evidenceAttached: byType.EvidenceAttached ?? 0,
      byType,
    },
    actions,
    changes,
  };
}
