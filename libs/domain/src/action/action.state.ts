import type { DateOrText, IsoDateTime } from '../values.js';
import type { AmendableField, RagStatus } from './action.events.js';

/**
 * What a later-recorded event may overwrite. Each register holds the value of the change with the
 * latest effective time (ties: the later recorded), so history entered late — a January 2019
 * comment imported in 2026, a status backdated to last quarter — fills in the past without
 * overwriting the present, and folding the events in recorded order gives the same state as
 * folding them in effective order. `lifecycle` is status, completion and retention together,
 * because BRAG blue and completion must never disagree.
 */
export type ActionRegister = 'owner' | 'due' | 'lifecycle' | 'plan' | AmendableField;

/** An action as its events leave it: enough for a read model to replay a plan as it stood. */
export type Action = {
  actionId: string;
  /** The plan it was created in, then each plan it was carried forward to; the last is current. */
  planIds: string[];
  sourceId: string;
  recommendationId: string | null;
  ref: string | null;
  description: string;
  owner: string | null;
  dltLead: string | null;
  start: DateOrText | null;
  /** The due date it was created with, kept forever so slippage stays visible. */
  originalDue: DateOrText | null;
  currentDue: DateOrText | null;
  successMeasure: string | null;
  experienceOfChildren: string | null;
  theme: string | null;
  /** Null until first rated; blue exactly when completed. */
  status: RagStatus | null;
  completed: boolean;
  retainedForOversight: boolean;
  withdrawn: boolean;
  /** Ids, not just counts, so a repeated id is refused; counts are `.length`. */
  commentIds: string[];
  evidenceIds: string[];
  /** Records whose words were removed ("comment:<id>", "action:<id>", "evidence:<id>"); absent until one is. */
  redacted?: string[];
  /** Nothing can take effect before the action existed. */
  createdEffectiveAt: IsoDateTime;
  /** The effective time of the change each register holds; absent means since creation. */
  setAt: Partial<Record<ActionRegister, IsoDateTime>>;
};

export type ActionState = Action | null;
export const initialActionState: ActionState = null;

export const currentPlanId = (action: Action): string => action.planIds[action.planIds.length - 1]!;

/** When the register's value took effect: the action's creation until something changed it. */
export const registerSetAt = (action: Action, register: ActionRegister): IsoDateTime =>
  action.setAt?.[register] ?? action.createdEffectiveAt;
