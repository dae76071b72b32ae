import type { Decider } from '../decider.js';
import { DomainError } from '../domain-error.js';
import {
  effectiveTime,
  instant,
  optionalDateOrText,
  optionalText,
  requireDateOrText,
  requireIsoDate,
  requireOneOf,
  requireReason,
  requireText,
  sameDateOrText,
  type DecideContext,
  type IsoDateTime,
} from '../values.js';
import { REDACTABLE_FIELDS } from '../redaction/redaction.events.js';
import type {
  ActionAmendments,
  ActionCommand,
  AttachEvidence,
  CreateAction,
  RedactActionText,
} from './action.commands.js';
import {
  AMENDABLE_FIELDS,
  EVIDENCE_DOCUMENT_MEDIA_TYPES,
  EVIDENCE_KINDS,
  MAX_EVIDENCE_DOCUMENT_BYTES,
  RAG_STATUSES,
  type ActionCreated,
  type ActionEvent,
  type AmendedChange,
  type EvidenceDocument,
  type EvidenceLocation,
  type RagStatus,
} from './action.events.js';
import {
  currentPlanId,
  initialActionState,
  registerSetAt,
  type Action,
  type ActionRegister,
  type ActionState,
} from './action.state.js';

const OPEN_STATUSES = ['red', 'amber', 'green'] as const;

/**
 * Checks a command against the action's state and returns the events it causes: [] when it
 * would change nothing, so repeating a command (a re-import, a retry) appends nothing.
 * A backdated change (effective before the value it would replace took effect) is always
 * recorded: it is history, and the present state cannot tell whether it repeats the past.
 * Throws DomainError when the command is refused.
 */
export function decideAction(command: ActionCommand, state: ActionState, context: DecideContext): ActionEvent[] {
  if (command.type === 'CreateAction') {
    if (state !== null) throw new DomainError('ALREADY_EXISTS', `action ${state.actionId} already exists`, 'actionId');
    effectiveTime(command.data.effectiveAt, context);
    return [created(command.data)];
  }

  // Removing personal data is allowed whatever the action's state, withdrawn too, and takes effect now.
  if (command.type === 'RedactActionText') return redactText(command.data, state);

  const action = existing(state, command.data.actionId);
  const effectiveAt = effectiveTime(command.data.effectiveAt, context);
  if (instant(effectiveAt) < instant(action.createdEffectiveAt)) {
    throw new DomainError(
      'EFFECTIVE_BEFORE_CREATION',
      'the change takes effect before the action was created',
      'effectiveAt',
    );
  }

  switch (command.type) {
    case 'ReassignAction': {
      requireReason(command.data.reason);
      const to = requireText(command.data.to, 'to');
      return to === action.owner && !isBackdated(action, 'owner', effectiveAt)
        ? []
        : [{ type: 'ActionReassigned', data: { from: action.owner, to } }];
    }
    case 'ChangeRagStatus': {
      requireReason(command.data.reason);
      const to = requireOneOf(command.data.to, RAG_STATUSES, 'to');
      if (to === action.status && !isBackdated(action, 'lifecycle', effectiveAt)) return [];
      // Blue means completed, so setting it completes and leaving it reopens: the two never disagree.
      if (to === 'blue') return completion(action);
      if (action.completed) return [{ type: 'ActionReopened', data: {} }, statusChanged(action, to)];
      return [statusChanged(action, to)];
    }
    case 'AddComment': {
      const commentId = requireText(command.data.commentId, 'commentId');
      if (action.commentIds.includes(commentId)) {
        throw new DomainError('ALREADY_EXISTS', `comment ${commentId} is already on this action`, 'commentId');
      }
      return [{ type: 'CommentAdded', data: { commentId, text: requireText(command.data.text, 'text') } }];
    }
    case 'AttachEvidence':
      return [evidenceAttached(command.data, action, effectiveAt, context)];
    case 'ChangeDueDate': {
      requireReason(command.data.reason);
      const to = requireDateOrText(command.data.to, 'to');
      return sameDateOrText(to, action.currentDue) && !isBackdated(action, 'due', effectiveAt)
        ? []
        : [{ type: 'DueDateChanged', data: { from: action.currentDue, to } }];
    }
    case 'AmendAction': {
      requireReason(command.data.reason);
      const changes = amendedChanges(command.data.changes, action, effectiveAt);
      return changes.length === 0 ? [] : [{ type: 'ActionAmended', data: { changes } }];
    }
    case 'RetainForOversight':
      if (!action.completed)
        throw new DomainError('NOT_COMPLETED', 'only a completed action can be retained for oversight');
      return action.retainedForOversight && !isBackdated(action, 'lifecycle', effectiveAt)
        ? []
        : [{ type: 'RetainedForOversight', data: {} }];
    case 'CompleteAction':
      return action.completed && !isBackdated(action, 'lifecycle', effectiveAt) ? [] : completion(action);
    case 'ReopenAction': {
      requireReason(command.data.reason);
      const status = requireOneOf(command.data.status, OPEN_STATUSES, 'status');
      if (!action.completed) throw new DomainError('NOT_COMPLETED', 'only a completed action can be reopened');
      return [{ type: 'ActionReopened', data: {} }, statusChanged(action, status)];
    }
    case 'CarryForwardAction': {
      const toPlanId = requireText(command.data.toPlanId, 'toPlanId');
      const fromPlanId = currentPlanId(action);
      if (toPlanId === fromPlanId) return [];
      // Plans follow one another in time too, so carry-forwards take effect in the order they are made.
      if (isBackdated(action, 'plan', effectiveAt)) {
        throw new DomainError('INVALID', 'the action was carried into its current plan after that time', 'effectiveAt');
      }
      // Plans follow one another; going back to an earlier one is a mistake, not a carry-forward.
      if (action.planIds.includes(toPlanId)) {
        throw new DomainError('INVALID', `the action has already been through plan ${toPlanId}`, 'toPlanId');
      }
      return [{ type: 'ActionCarriedForward', data: { fromPlanId, toPlanId } }];
    }
    case 'WithdrawAction':
      requireReason(command.data.reason);
      return [{ type: 'ActionWithdrawn', data: {} }];
    default: {
      const _exhaustive: never = command;
      throw new DomainError('INVALID', 'unknown command');
    }
  }
}

/** Folds one stored event into the state; pure, `effectiveAt` is the event envelope's. */
export function evolveAction(state: ActionState, event: ActionEvent, effectiveAt: IsoDateTime): ActionState {
  if (event.type === 'ActionCreated') {
    const { planId, due, ...rest } = event.data;
    return {
      ...rest,
      planIds: [planId],
      originalDue: due,
      currentDue: due,
      status: null,
      completed: false,
      retainedForOversight: false,
      withdrawn: false,
      commentIds: [],
      evidenceIds: [],
      createdEffectiveAt: effectiveAt,
      setAt: {},
    };
  }
  if (state === null) return state; // a stream starts with ActionCreated; nothing before it has anything to change

  switch (event.type) {
    case 'ActionReassigned':
      return setRegister(state, 'owner', effectiveAt, { owner: event.data.to });
    case 'RagStatusChanged':
      return setRegister(state, 'lifecycle', effectiveAt, {
        status: event.data.to,
        completed: event.data.to === 'blue',
        retainedForOversight: false,
      });
    case 'CommentAdded':
      return { ...state, commentIds: [...state.commentIds, event.data.commentId] };
    case 'EvidenceAttached':
      return { ...state, evidenceIds: [...state.evidenceIds, event.data.evidenceId] };
    case 'DueDateChanged':
      return setRegister(state, 'due', effectiveAt, { currentDue: event.data.to }); // originalDue never moves
    case 'ActionAmended':
      return event.data.changes.reduce(
        (action, change) => setRegister(action, change.field, effectiveAt, { [change.field]: change.to }),
        state,
      );
    case 'RetainedForOversight':
      return setRegister(state, 'lifecycle', effectiveAt, {
        status: 'blue',
        completed: true,
        retainedForOversight: true,
      });
    case 'ActionCompleted':
      return setRegister(state, 'lifecycle', effectiveAt, {
        status: 'blue',
        completed: true,
        retainedForOversight: false,
      });
    case 'ActionReopened':
      // Always followed, at the same effective time, by the status it reopens to. Retention is of
      // a completed action; a reopened one is live work again.
      return setRegister(state, 'lifecycle', effectiveAt, {
        status: state.status === 'blue' ? null : state.status,
        completed: false,
        retainedForOversight: false,
      });
    case 'ActionCarriedForward':
      return setRegister(state, 'plan', effectiveAt, { planIds: [...state.planIds, event.data.toPlanId] });
    case 'ActionWithdrawn':
      return { ...state, withdrawn: true };
    case 'Redacted': {
      const redacted = { ...state, redacted: [...(state.redacted ?? []), `${event.data.kind}:${event.data.id}`] };
      if (event.data.kind !== 'action') return redacted;
      // The wording is the replacement from now on, in every fold: an amendment's "from" never brings the words back.
      const { replacement } = event.data;
      return {
        ...redacted,
        description: replacement,
        successMeasure: state.successMeasure === null ? null : replacement,
        experienceOfChildren: state.experienceOfChildren === null ? null : replacement,
      };
    }
    default: {
      const _exhaustive: never = event;
      return state; // an event type this version does not know changes nothing it knows
    }
  }
}

/**
 * Each change to a register sets the whole of it, and only when it is at least as recent in
 * effect as what the register holds: so the state is the same whether the events are folded in
 * the order they were recorded or the order they took effect (see ActionRegister).
 */
function setRegister(
  action: Action,
  register: ActionRegister,
  effectiveAt: IsoDateTime,
  value: Partial<Action>,
): Action {
  if (isBackdated(action, register, effectiveAt)) return action;
  return { ...action, ...value, setAt: { ...action.setAt, [register]: effectiveAt } };
}

/** A change that takes effect before the one the register holds: history, not the present. */
const isBackdated = (action: Action, register: ActionRegister, effectiveAt: IsoDateTime): boolean =>
  instant(effectiveAt) < instant(registerSetAt(action, register));

export const actionDecider: Decider<ActionCommand, ActionEvent, ActionState> = {
  decide: decideAction,
  evolve: evolveAction,
  initialState: initialActionState,
};

function existing(state: ActionState, actionId: string): Action {
  if (state === null) throw new DomainError('NOT_FOUND', `action ${actionId} does not exist`, 'actionId');
  // The handler loaded the wrong stream: better refused than applied to another action.
  if (state.actionId !== actionId)
    throw new DomainError('INVALID', `command for ${actionId} given action ${state.actionId}`, 'actionId');
  if (state.withdrawn) throw new DomainError('ACTION_WITHDRAWN', 'a withdrawn action cannot be changed');
  return state;
}

function redactText(data: RedactActionText['data'], state: ActionState): ActionEvent[] {
  if (state === null) throw new DomainError('NOT_FOUND', `action ${data.actionId} does not exist`, 'actionId');
  if (state.actionId !== data.actionId)
    throw new DomainError('INVALID', `command for ${data.actionId} given action ${state.actionId}`, 'actionId');
  requireReason(data.reason);
  const kind = requireOneOf(data.kind, ['comment', 'action', 'evidence', 'reasons'] as const, 'kind');
  const id = requireText(data.id, 'id');
  const known =
    kind === 'comment'
      ? state.commentIds.includes(id)
      : kind === 'evidence'
        ? state.evidenceIds.includes(id)
        : id === state.actionId;
  if (!known) throw new DomainError('NOT_FOUND', `${kind} ${id} is not on this action`, 'id');
  // Reasons given after a redaction of the reasons are sealed under a new key: they may be removed in turn.
  if (kind !== 'reasons' && state.redacted?.includes(`${kind}:${id}`))
    throw new DomainError('ALREADY_EXISTS', `the ${kind}'s words were removed already`, 'id');
  return [
    {
      type: 'Redacted',
      data: {
        kind,
        id,
        fields: [...REDACTABLE_FIELDS[kind]],
        replacement: requireText(data.replacement, 'replacement'),
      },
    },
  ];
}

function created(data: CreateAction['data']): ActionCreated {
  return {
    type: 'ActionCreated',
    data: {
      actionId: requireText(data.actionId, 'actionId'),
      planId: requireText(data.planId, 'planId'),
      sourceId: requireText(data.sourceId, 'sourceId'),
      recommendationId: optionalText(data.recommendationId, 'recommendationId'),
      ref: optionalText(data.ref, 'ref'),
      description: requireText(data.description, 'description'),
      owner: optionalText(data.owner, 'owner'),
      dltLead: optionalText(data.dltLead, 'dltLead'),
      start: optionalDateOrText(data.start, 'start'),
      due: optionalDateOrText(data.due, 'due'),
      successMeasure: optionalText(data.successMeasure, 'successMeasure'),
      experienceOfChildren: optionalText(data.experienceOfChildren, 'experienceOfChildren'),
      theme: optionalText(data.theme, 'theme'),
    },
  };
}

const statusChanged = (action: Action, to: RagStatus): ActionEvent => ({
  type: 'RagStatusChanged',
  data: { from: action.status, to },
});

/** Completing sets blue: ActionCompleted, then the status change that a BRAG report counts. */
const completion = (action: Action): ActionEvent[] => [
  { type: 'ActionCompleted', data: {} },
  ...(action.status === 'blue' ? [] : [statusChanged(action, 'blue')]),
];

const SHA_256 = /^[0-9a-f]{64}$/i;

function evidenceAttached(
  data: AttachEvidence['data'],
  action: Action,
  effectiveAt: IsoDateTime,
  context: DecideContext,
): ActionEvent {
  const evidenceId = requireText(data.evidenceId, 'evidenceId');
  if (action.evidenceIds.includes(evidenceId)) {
    throw new DomainError('ALREADY_EXISTS', `evidence ${evidenceId} is already on this action`, 'evidenceId');
  }
  const date = requireIsoDate(data.date, 'date');
  // Compared with effectiveAt's day in the service's zone (at 00:30 in London in summer, 23:30 UTC,
  // evidence dated today is not "after" it), else with the day as written in its own offset.
  if (date > (context.dayOf?.(effectiveAt) ?? effectiveAt.slice(0, 10))) {
    throw new DomainError('INVALID', 'the evidence is dated after the time it takes effect', 'date');
  }
  if (data.sha256 != null && !SHA_256.test(data.sha256))
    throw new DomainError('INVALID', 'sha256 must be 64 hex digits', 'sha256');
  const document = data.document === undefined ? undefined : evidenceDocument(data.document);
  if (document && data.sha256 != null && data.sha256.toLowerCase() !== document.sha256)
    throw new DomainError('INVALID', "sha256 must be the document's own SHA-256", 'sha256');
  return {
    type: 'EvidenceAttached',
    data: {
      evidenceId,
      title: requireText(data.title, 'title'),
      kind: requireOneOf(data.kind, EVIDENCE_KINDS, 'kind'),
      location: evidenceLocation(data.location),
      sha256: document?.sha256 ?? data.sha256?.toLowerCase() ?? null,
      date,
      // Only when there is one: an absent key keeps the event's canonical form (and hash) as before.
      ...(document ? { document } : {}),
    },
  };
}

function evidenceDocument(document: EvidenceDocument): EvidenceDocument {
  if (document === null || typeof document !== 'object')
    throw new DomainError('INVALID', 'document must be { sha256, size, mediaType, fileName }', 'document');
  if (typeof document.sha256 !== 'string' || !SHA_256.test(document.sha256))
    throw new DomainError('INVALID', 'document.sha256 must be 64 hex digits', 'document.sha256');
  if (!Number.isSafeInteger(document.size) || document.size < 1 || document.size > MAX_EVIDENCE_DOCUMENT_BYTES)
    throw new DomainError(
      'INVALID',
      `document.size must be from 1 to ${MAX_EVIDENCE_DOCUMENT_BYTES} bytes`,
      'document.size',
    );
  return {
    sha256: document.sha256.toLowerCase(),
    size: document.size,
    mediaType: requireOneOf(document.mediaType, EVIDENCE_DOCUMENT_MEDIA_TYPES, 'document.mediaType'),
    fileName: requireText(document.fileName, 'document.fileName'),
  };
}

function evidenceLocation(location: EvidenceLocation): EvidenceLocation {
  if (location?.kind === 'link') return { kind: 'link', url: requireText(location.url, 'location.url') };
  if (location?.kind === 'document')
    return { kind: 'document', reference: requireText(location.reference, 'location.reference') };
  throw new DomainError(
    'INVALID',
    "location must be { kind: 'link', url } or { kind: 'document', reference }",
    'location',
  );
}

/** The requested amendments that change something, in a fixed field order. */
function amendedChanges(requested: ActionAmendments, action: Action, effectiveAt: IsoDateTime): AmendedChange[] {
  if (requested === null || typeof requested !== 'object')
    throw new DomainError('INVALID', 'changes must be an object', 'changes');
  // Owner, due date and status have their own commands, which record from/to with their own rules.
  const unknown = Object.keys(requested).find((key) => !(AMENDABLE_FIELDS as readonly string[]).includes(key));
  if (unknown !== undefined) throw new DomainError('INVALID', `${unknown} cannot be amended`, `changes.${unknown}`);

  const changes: AmendedChange[] = [];
  for (const field of AMENDABLE_FIELDS) {
    if (requested[field] === undefined) continue;
    const path = `changes.${field}`;
    switch (field) {
      case 'description': {
        const to = requireText(requested.description, path);
        if (to !== action.description || isBackdated(action, field, effectiveAt))
          changes.push({ field, from: action.description, to });
        break;
      }
      case 'start': {
        const to = optionalDateOrText(requested.start, path);
        if (!sameDateOrText(to, action.start) || isBackdated(action, field, effectiveAt))
          changes.push({ field, from: action.start, to });
        break;
      }
      default: {
        const to = optionalText(requested[field], path);
        if (to !== action[field] || isBackdated(action, field, effectiveAt))
          changes.push({ field, from: action[field], to });
      }
    }
  }
  return changes;
}
