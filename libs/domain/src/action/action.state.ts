import type { DateOrText, IsoDateTime } from '../values.js';
import type { RagStatus } from './action.events.js';

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
  /** Nothing can take effect before the action existed. */
  createdEffectiveAt: IsoDateTime;
};

export type ActionState = Action | null;
export const initialActionState: ActionState = null;

export const currentPlanId = (action: Action): string => action.planIds[action.planIds.length - 1]!;
