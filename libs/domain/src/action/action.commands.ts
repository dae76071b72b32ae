import type { DateOrText, IsoDate, IsoDateTime } from '../values.js';
import type {
  ActionCreated,
  AmendedChange,
  EvidenceDocument,
  EvidenceKind,
  EvidenceLocation,
  RagStatus,
} from './action.events.js';

/**
 * Every command names its action (the handler loads that stream) and may say when it took
 * effect; absent means now. Ids (actionId, commentId, evidenceId) are the caller's: decide invents none.
 */
type On<Data> = { actionId: string; effectiveAt?: IsoDateTime } & Data;
/** A change that rewrites what the plan says must give a reason. */
type Reasoned = { reason: string };
type OptionallyReasoned = { reason?: string | null };

/** The fields to amend, each present only when it changes; blank text means empty (null). */
export type ActionAmendments = { [C in AmendedChange as C['field']]?: C['to'] };

export type CreateAction = { type: 'CreateAction'; data: On<Omit<ActionCreated['data'], 'actionId'>> };
export type ReassignAction = { type: 'ReassignAction'; data: On<Reasoned & { to: string }> };
export type ChangeRagStatus = { type: 'ChangeRagStatus'; data: On<Reasoned & { to: RagStatus }> };
export type AddComment = { type: 'AddComment'; data: On<{ commentId: string; text: string }> };
export type AttachEvidence = {
  type: 'AttachEvidence';
  data: On<{
    evidenceId: string;
    title: string;
    kind: EvidenceKind;
    location: EvidenceLocation;
    sha256: string | null;
    date: IsoDate;
    /** A document the service keeps, already stored under its SHA-256. */
    document?: EvidenceDocument;
  }>;
};
export type ChangeDueDate = { type: 'ChangeDueDate'; data: On<Reasoned & { to: DateOrText }> };
export type AmendAction = { type: 'AmendAction'; data: On<Reasoned & { changes: ActionAmendments }> };
export type RetainForOversight = { type: 'RetainForOversight'; data: On<OptionallyReasoned> };
export type CompleteAction = { type: 'CompleteAction'; data: On<OptionallyReasoned> };
/** Reopening says what the status now is, since blue means completed. */
export type ReopenAction = { type: 'ReopenAction'; data: On<Reasoned & { status: Exclude<RagStatus, 'blue'> }> };
export type CarryForwardAction = { type: 'CarryForwardAction'; data: On<OptionallyReasoned & { toPlanId: string }> };
export type WithdrawAction = { type: 'WithdrawAction'; data: On<Reasoned> };
/**
 * Removes the words of the action's comment, its own wording, an evidence item's title and
 * location, or the reasons given on it: `kind` and `id` name which (the action's own id for its
 * wording and its reasons). The replacement
 * is the caller's ("[removed on <date> by <who>: <reason>]"): the domain keeps no clock words.
 */
export type RedactActionText = {
  type: 'RedactActionText';
  data: On<Reasoned & { kind: 'comment' | 'action' | 'evidence' | 'reasons'; id: string; replacement: string }>;
};

export type ActionCommand =
  | CreateAction
  | ReassignAction
  | ChangeRagStatus
  | AddComment
  | AttachEvidence
  | ChangeDueDate
  | AmendAction
  | RetainForOversight
  | CompleteAction
  | ReopenAction
  | CarryForwardAction
  | RedactActionText
  | WithdrawAction;
