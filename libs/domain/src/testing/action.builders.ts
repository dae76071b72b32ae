import type { ActionCommand } from '../action/action.commands.js';
import type { ActionEvent } from '../action/action.events.js';

export const ACTION_ID = 'act-1';
/** When the builders' commands took effect: after GIVEN_AT, before NOW. */
export const CHANGED_AT = '2024-05-01T10:00:00.000Z';

type EventOf<T extends ActionEvent['type']> = Extract<ActionEvent, { type: T }>;
type CommandOf<T extends ActionCommand['type']> = Extract<ActionCommand, { type: T }>;

/** What an action says of itself: everything creating one takes but the ids it is filed under. */
export type ActionFields = Omit<
  EventOf<'ActionCreated'>['data'],
  'actionId' | 'planId' | 'sourceId' | 'recommendationId'
>;

/**
 * An action's own fields, `overrides` replacing them one by one: the one builder of what an action
 * says, for the domain's specs (CreateAction, ActionCreated), the API's requests and the
 * benchmarks, so a field added to an action is added here once and every caller has it.
 */
export const anActionDescription = (overrides: Partial<ActionFields> = {}): ActionFields => ({
  ref: '1.6a',
  description: 'Audit the quality of written plans for children each quarter.',
  owner: 'HoS',
  dltLead: 'RG',
  start: { kind: 'date', date: '2024-04-01' },
  due: { kind: 'date', date: '2024-09-01' },
  successMeasure: 'Audit results show plans are SMART in 80% of cases.',
  experienceOfChildren: 'Children know what their plan says and why.',
  theme: 'OFSTED RECOMMENDATION from ILACS 2020 retained for oversight',
  ...overrides,
});

const created: EventOf<'ActionCreated'>['data'] = {
  actionId: ACTION_ID,
  planId: 'sdp-2024-25',
  sourceId: 'src-ilacs-2020',
  recommendationId: 'rec-ilacs-2020-1',
  ...anActionDescription(),
};

const events: { [T in ActionEvent['type']]: EventOf<T>['data'] } = {
  ActionCreated: created,
  ActionReassigned: { from: 'HoS', to: 'JH' },
  RagStatusChanged: { from: null, to: 'green' },
  CommentAdded: { commentId: 'c-1', text: 'January: audit completed, findings to CSMT.' },
  EvidenceAttached: {
    evidenceId: 'e-1',
    title: 'CSMT minutes',
    kind: 'minutes',
    location: { kind: 'document', reference: 'CSMT/2024/05' },
    sha256: null,
    date: '2024-04-20',
  },
  DueDateChanged: { from: { kind: 'date', date: '2024-09-01' }, to: { kind: 'text', text: 'Weekly.' } },
  ActionAmended: {
    changes: [{ field: 'description', from: created.description, to: 'Audit and publish the plans audit.' }],
  },
  RetainedForOversight: {},
  ActionCompleted: {},
  ActionReopened: {},
  ActionCarriedForward: { fromPlanId: 'sdp-2024-25', toPlanId: 'sdp-2025-26' },
  ActionWithdrawn: {},
  Redacted: {
    kind: 'comment',
    id: 'c-1',
    fields: ['text'],
    replacement: '[removed on 4 December 2026 by Ada: entered in error]',
  },
};

const on = { actionId: ACTION_ID, effectiveAt: CHANGED_AT };
const commands: { [T in ActionCommand['type']]: CommandOf<T>['data'] } = {
  CreateAction: { ...created, effectiveAt: '2024-04-01T09:00:00.000Z' },
  ReassignAction: { ...on, to: 'JH', reason: 'HoS on leave' },
  ChangeRagStatus: { ...on, to: 'amber', reason: 'Audit found gaps' },
  AddComment: { ...on, commentId: 'c-1', text: 'January: audit completed, findings to CSMT.' },
  AttachEvidence: { ...on, ...events.EvidenceAttached },
  ChangeDueDate: { ...on, to: { kind: 'date', date: '2024-12-01' }, reason: 'Waiting for the new case system' },
  AmendAction: {
    ...on,
    changes: { description: 'Audit and publish the plans audit.' },
    reason: 'Amended to publish online',
  },
  RetainForOversight: { ...on },
  CompleteAction: { ...on },
  ReopenAction: { ...on, status: 'amber', reason: 'Re-audit found plans slipping' },
  CarryForwardAction: { ...on, toPlanId: 'sdp-2025-26' },
  WithdrawAction: { ...on, reason: 'Superseded by the multi-agency plan' },
  RedactActionText: {
    ...on,
    kind: 'comment',
    id: 'c-1',
    reason: 'personal data entered in error',
    replacement: '[removed on 4 December 2026 by Ada: personal data entered in error]',
  },
};

/** An action event of the given type, with sensible data that `overrides` replaces field by field. */
export const anActionEvent = <T extends ActionEvent['type']>(
  type: T,
  overrides: Partial<EventOf<T>['data']> = {},
): EventOf<T> => ({ type, data: { ...events[type], ...overrides } }) as EventOf<T>;

/** An action command of the given type on ACTION_ID, effective at CHANGED_AT, with `overrides`. */
export const anActionCommand = <T extends ActionCommand['type']>(
  type: T,
  overrides: Partial<CommandOf<T>['data']> = {},
): CommandOf<T> => ({ type, data: { ...commands[type], ...overrides } }) as CommandOf<T>;

export const anActionCreated = (overrides: Partial<EventOf<'ActionCreated'>['data']> = {}) =>
  anActionEvent('ActionCreated', overrides);
export const aCreateActionCommand = (overrides: Partial<CommandOf<'CreateAction'>['data']> = {}) =>
  anActionCommand('CreateAction', overrides);
