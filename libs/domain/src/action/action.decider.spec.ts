import { describe, expect, it } from '@jest/globals';
import {
  ACTION_ID,
  CHANGED_AT,
  aCreateActionCommand,
  anActionCommand,
  anActionCreated,
  anActionEvent,
} from '../testing/action.builders.js';
import { GIVEN_AT, NOW, at, deciderSpec } from '../testing/decider-spec.js';
import { randomActionCommands, seededRandom } from '../testing/random-histories.js';
import { replay, type StampedEvent } from '../decider.js';
import { DomainError } from '../domain-error.js';
import { effectiveTime } from '../values.js';
import { CalendarDays } from '../calendar-day.js';
import type { ActionCommand } from './action.commands.js';
import { actionDecider, decideAction, evolveAction } from './action.decider.js';
import type { ActionState } from './action.state.js';
import { actionStreamId, type ActionEvent } from './action.events.js';

const spec = deciderSpec(actionDecider);

const created = anActionCreated();
const rated = (to: 'red' | 'amber' | 'green') => anActionEvent('RagStatusChanged', { from: null, to });
const completed: ActionEvent[] = [
  created,
  rated('green'),
  anActionEvent('ActionCompleted'),
  anActionEvent('RagStatusChanged', { from: 'green', to: 'blue' }),
];
const withdrawn = anActionEvent('ActionWithdrawn');

/** Redaction has rules of its own (any state, taking effect now): see its describe below. */
type OnAnAction = Exclude<ActionCommand['type'], 'CreateAction' | 'RedactActionText'>;
/** For each command on an existing action, a history in which its builder's command is accepted. */
const acceptedAfter: { [T in OnAnAction]: ActionEvent[] } = {
  ReassignAction: [created],
  ChangeRagStatus: [created],
  AddComment: [created],
  AttachEvidence: [created],
  ChangeDueDate: [created],
  AmendAction: [created],
  RetainForOversight: completed,
  CompleteAction: [created],
  ReopenAction: completed,
  CarryForwardAction: [created],
  WithdrawAction: [created],
};
const onAnAction = Object.entries(acceptedAfter) as [OnAnAction, ActionEvent[]][];

describe('action decider', () => {
  describe('rules for every command on an action', () => {
    it.each(onAnAction)(
      '%s is accepted after its usual history (so the refusals below are the rule’s doing)',
      (type, history) => {
        const outcome = spec.given(history).when(anActionCommand(type));
        expect(outcome).toHaveProperty('events');
        expect((outcome as { events: ActionEvent[] }).events.length).toBeGreaterThan(0);
      },
    );

    it.each(onAnAction)('%s on an action that does not exist is refused', (type) => {
      expect(spec.given([]).when(anActionCommand(type))).toMatchObject({ error: { code: 'NOT_FOUND' } });
    });

    it.each(onAnAction)('%s on a withdrawn action is refused: nothing changes a withdrawn action', (type, history) => {
      expect(spec.given([...history, withdrawn]).when(anActionCommand(type))).toMatchObject({
        error: { code: 'ACTION_WITHDRAWN' },
      });
    });

    it.each(onAnAction)('%s effective before the action was created is refused', (type, history) => {
      const command = anActionCommand(type, { effectiveAt: '2024-03-31T23:59:59Z' });
      expect(spec.given(history).when(command)).toMatchObject({
        error: { code: 'EFFECTIVE_BEFORE_CREATION', field: 'effectiveAt' },
      });
    });

    it.each(onAnAction)('%s effective after now is refused', (type, history) => {
      const command = anActionCommand(type, { effectiveAt: '2024-06-01T12:00:01Z' });
      expect(spec.given(history).when(command)).toMatchObject({
        error: { code: 'EFFECTIVE_IN_FUTURE', field: 'effectiveAt' },
      });
    });

    it.each(onAnAction)('%s with an effectiveAt that is not an ISO date-time is refused', (type, history) => {
      const command = anActionCommand(type, { effectiveAt: 'May 2018' });
      expect(spec.given(history).when(command)).toMatchObject({ error: { code: 'INVALID', field: 'effectiveAt' } });
    });

    it.each(onAnAction)('%s addressed to another action is refused', (type, history) => {
      expect(spec.given(history).when(anActionCommand(type, { actionId: 'act-2' }))).toMatchObject({
        error: { code: 'INVALID', field: 'actionId' },
      });
    });

    const reasoned = [
      'ReassignAction',
      'ChangeRagStatus',
      'ChangeDueDate',
      'AmendAction',
      'ReopenAction',
      'WithdrawAction',
    ] as const;
    it.each(reasoned.flatMap((type) => ['', '   '].map((reason) => [type, reason] as const)))(
      '%s without a reason (%j) is refused',
      (type, reason) => {
        expect(spec.given(acceptedAfter[type]).when(anActionCommand(type, { reason }))).toMatchObject({
          error: { code: 'REASON_REQUIRED', field: 'reason' },
        });
      },
    );

    it('a change with no effectiveAt takes effect now', () => {
      // Evidence from 20 May is fine now (1 June) but not if "now" were 10 May: the check used the clock given.
      const command = anActionCommand('AttachEvidence', { effectiveAt: undefined, date: '2024-05-20' });
      expect(spec.given([created]).when(command)).toHaveProperty('events');
      expect(spec.given([created]).when(command, { now: '2024-05-10T09:00:00Z' })).toMatchObject({
        error: { field: 'date' },
      });
    });
  });

  describe('RedactActionText', () => {
    const commented = [created, anActionEvent('CommentAdded')];
    const replacement = '[removed on 4 December 2026 by Ada: personal data entered in error]';

    it('removes a comment’s words: Redacted names the record, its fields and the words shown instead', () => {
      expect(spec.given(commented).when(anActionCommand('RedactActionText'))).toEqual({
        events: [{ type: 'Redacted', data: { kind: 'comment', id: 'c-1', fields: ['text'], replacement } }],
      });
    });

    it('removes the action’s own wording, and an evidence item’s title and location', () => {
      expect(
        spec.given([created]).when(anActionCommand('RedactActionText', { kind: 'action', id: ACTION_ID })),
      ).toMatchObject({
        events: [{ data: { kind: 'action', fields: ['description', 'successMeasure', 'experienceOfChildren'] } }],
      });
      expect(
        spec
          .given([created, anActionEvent('EvidenceAttached')])
          .when(anActionCommand('RedactActionText', { kind: 'evidence', id: 'e-1' })),
      ).toMatchObject({ events: [{ data: { kind: 'evidence', fields: ['title', 'location', 'fileName'] } }] });
    });

    it('is allowed on a withdrawn action: personal data is removed whatever the action’s state', () => {
      expect(spec.given([...commented, withdrawn]).when(anActionCommand('RedactActionText'))).toHaveProperty('events');
    });

    it('refuses a record not on the action, one already removed, and a missing reason', () => {
      expect(spec.given([created]).when(anActionCommand('RedactActionText'))).toMatchObject({
        error: { code: 'NOT_FOUND', field: 'id' },
      });
      const redacted = spec.given(commented).when(anActionCommand('RedactActionText')) as { events: ActionEvent[] };
      expect(spec.given([...commented, ...redacted.events]).when(anActionCommand('RedactActionText'))).toMatchObject({
        error: { code: 'ALREADY_EXISTS', field: 'id' },
      });
      expect(spec.given(commented).when(anActionCommand('RedactActionText', { reason: ' ' }))).toMatchObject({
        error: { code: 'REASON_REQUIRED', field: 'reason' },
      });
      expect(spec.given([]).when(anActionCommand('RedactActionText'))).toMatchObject({ error: { code: 'NOT_FOUND' } });
    });
  });

  describe('CreateAction', () => {
    it('given no action, creates it', () => {
      expect(spec.given([]).when(aCreateActionCommand())).toEqual({ events: [created] });
    });

    it('creates an action that answers a source with no recorded recommendation, due "Weekly.", blank cells as null', () => {
      const command = aCreateActionCommand({
        recommendationId: null,
        due: { kind: 'text', text: 'Weekly.' },
        ref: '',
        dltLead: '  ',
        start: null,
      });
      expect(spec.given([]).when(command)).toEqual({
        events: [
          anActionCreated({
            recommendationId: null,
            due: { kind: 'text', text: 'Weekly.' },
            ref: null,
            dltLead: null,
            start: null,
          }),
        ],
      });
    });

    it('refuses to create an action twice', () => {
      expect(spec.given([created]).when(aCreateActionCommand())).toMatchObject({
        error: { code: 'ALREADY_EXISTS', field: 'actionId' },
      });
    });

    it.each([
      ['actionId', { actionId: '' }, 'REQUIRED'],
      ['planId', { planId: '' }, 'REQUIRED'],
      ['sourceId', { sourceId: '  ' }, 'REQUIRED'],
      ['description', { description: '' }, 'REQUIRED'],
      ['due', { due: { kind: 'date', date: '01-Sep-24' } }, 'INVALID'],
      ['start', { start: { kind: 'text', text: ' ' } }, 'INVALID'],
      ['effectiveAt', { effectiveAt: '2024-06-02T00:00:00Z' }, 'EFFECTIVE_IN_FUTURE'],
    ] as const)('refuses a bad %s', (field, overrides, code) => {
      expect(spec.given([]).when(aCreateActionCommand(overrides))).toMatchObject({ error: { code, field } });
    });
  });

  describe('ReassignAction', () => {
    it('reassigns to a new owner', () => {
      expect(spec.given([created]).when(anActionCommand('ReassignAction', { to: 'JH' }))).toEqual({
        events: [anActionEvent('ActionReassigned', { from: 'HoS', to: 'JH' })],
      });
    });

    it('assigns an action that had no owner', () => {
      expect(spec.given([anActionCreated({ owner: null })]).when(anActionCommand('ReassignAction'))).toEqual({
        events: [anActionEvent('ActionReassigned', { from: null, to: 'JH' })],
      });
    });

    it('reassigning to the same owner appends nothing', () => {
      expect(spec.given([created]).when(anActionCommand('ReassignAction', { to: 'HoS' }))).toEqual({ events: [] });
    });

    it('refuses to reassign to nobody', () => {
      expect(spec.given([created]).when(anActionCommand('ReassignAction', { to: ' ' }))).toMatchObject({
        error: { code: 'REQUIRED', field: 'to' },
      });
    });
  });

  describe('ChangeRagStatus', () => {
    it('rates an unrated action', () => {
      expect(spec.given([created]).when(anActionCommand('ChangeRagStatus', { to: 'amber' }))).toEqual({
        events: [anActionEvent('RagStatusChanged', { from: null, to: 'amber' })],
      });
    });

    it('changes a rating', () => {
      expect(spec.given([created, rated('green')]).when(anActionCommand('ChangeRagStatus', { to: 'red' }))).toEqual({
        events: [anActionEvent('RagStatusChanged', { from: 'green', to: 'red' })],
      });
    });

    it('setting the same status appends nothing', () => {
      expect(spec.given([created, rated('amber')]).when(anActionCommand('ChangeRagStatus', { to: 'amber' }))).toEqual({
        events: [],
      });
    });

    it('setting blue completes the action', () => {
      expect(spec.given([created, rated('green')]).when(anActionCommand('ChangeRagStatus', { to: 'blue' }))).toEqual({
        events: [anActionEvent('ActionCompleted'), anActionEvent('RagStatusChanged', { from: 'green', to: 'blue' })],
      });
    });

    it('setting blue on a completed action appends nothing', () => {
      expect(spec.given(completed).when(anActionCommand('ChangeRagStatus', { to: 'blue' }))).toEqual({ events: [] });
    });

    it('moving a completed action off blue reopens it', () => {
      expect(spec.given(completed).when(anActionCommand('ChangeRagStatus', { to: 'red' }))).toEqual({
        events: [anActionEvent('ActionReopened'), anActionEvent('RagStatusChanged', { from: 'blue', to: 'red' })],
      });
    });

    it('refuses a status that is not BRAG', () => {
      expect(spec.given([created]).when(anActionCommand('ChangeRagStatus', { to: 'r' as never }))).toMatchObject({
        error: { code: 'INVALID', field: 'to' },
      });
    });
  });

  describe('AddComment', () => {
    it('adds a progress comment, dated when it took effect', () => {
      expect(
        spec.given([created]).when(anActionCommand('AddComment', { effectiveAt: '2024-04-01T09:00:00Z' })),
      ).toEqual({
        events: [anActionEvent('CommentAdded')],
      });
    });

    it('adds a comment to a completed action (retained actions keep being reported on)', () => {
      expect(spec.given(completed).when(anActionCommand('AddComment'))).toEqual({
        events: [anActionEvent('CommentAdded')],
      });
    });

    it('refuses a comment effective before its action was created', () => {
      const given = [at('2024-05-01T00:00:00Z', created)];
      expect(
        spec.given(given).when(anActionCommand('AddComment', { effectiveAt: '2024-04-30T23:59:59.999Z' })),
      ).toMatchObject({
        error: { code: 'EFFECTIVE_BEFORE_CREATION' },
      });
    });

    it('compares effective times as instants, whatever their offsets', () => {
      // 00:30 in BST on 1 May is 23:30 UTC on 30 April: before a creation at midnight UTC.
      const given = [at('2024-05-01T00:00:00Z', created)];
      expect(
        spec.given(given).when(anActionCommand('AddComment', { effectiveAt: '2024-05-01T00:30:00+01:00' })),
      ).toMatchObject({
        error: { code: 'EFFECTIVE_BEFORE_CREATION' },
      });
    });

    it('refuses a second comment with the same id', () => {
      expect(spec.given([created, anActionEvent('CommentAdded')]).when(anActionCommand('AddComment'))).toMatchObject({
        error: { code: 'ALREADY_EXISTS', field: 'commentId' },
      });
    });

    it('refuses an empty comment', () => {
      expect(spec.given([created]).when(anActionCommand('AddComment', { text: '  ' }))).toMatchObject({
        error: { code: 'REQUIRED', field: 'text' },
      });
    });
  });

  describe('AttachEvidence', () => {
    it('attaches evidence', () => {
      expect(spec.given([created]).when(anActionCommand('AttachEvidence'))).toEqual({
        events: [anActionEvent('EvidenceAttached')],
      });
    });

    it('attaches a link with its document hash, kept in lower case', () => {
      const hash = 'AB'.repeat(32);
      const command = anActionCommand('AttachEvidence', {
        kind: 'web-page',
        location: { kind: 'link', url: 'https://example.org/local-offer' },
        sha256: hash,
      });
      expect(spec.given([created]).when(command)).toEqual({
        events: [
          anActionEvent('EvidenceAttached', {
            kind: 'web-page',
            location: { kind: 'link', url: 'https://example.org/local-offer' },
            sha256: 'ab'.repeat(32),
          }),
        ],
      });
    });

    it('refuses evidence effective before its action was created', () => {
      const command = anActionCommand('AttachEvidence', { effectiveAt: '2024-03-01T09:00:00Z', date: '2024-03-01' });
      expect(spec.given([created]).when(command)).toMatchObject({ error: { code: 'EFFECTIVE_BEFORE_CREATION' } });
    });

    it('refuses evidence dated after the time it takes effect', () => {
      const command = anActionCommand('AttachEvidence', { effectiveAt: '2024-05-01T10:00:00Z', date: '2024-05-02' });
      expect(spec.given([created]).when(command)).toMatchObject({ error: { code: 'INVALID', field: 'date' } });
    });

    it('accepts evidence from the same day, read in the effective time’s own offset', () => {
      const command = anActionCommand('AttachEvidence', {
        effectiveAt: '2024-05-01T00:30:00+01:00',
        date: '2024-05-01',
      });
      expect(spec.given([created]).when(command)).toEqual({
        events: [anActionEvent('EvidenceAttached', { date: '2024-05-01' })],
      });
    });

    it("reads the day of a moment written in UTC in the service's zone when it is given one: 23:30 UTC on 30 April is 1 May in London", () => {
      const command = anActionCommand('AttachEvidence', { effectiveAt: '2024-04-30T23:30:00Z', date: '2024-05-01' });
      const london = new CalendarDays('Europe/London');
      const decide = (context: { now: string; dayOf?: (instant: string) => string }) =>
        decideAction(
          command as ActionCommand,
          replay(actionDecider, [{ event: created, effectiveAt: GIVEN_AT }]),
          context,
        );
      expect(decide({ now: '2024-05-01T09:00:00Z', dayOf: (instant) => london.dayOf(instant) })).toEqual([
        anActionEvent('EvidenceAttached', { date: '2024-05-01' }),
      ]);
      expect(() => decide({ now: '2024-05-01T09:00:00Z' })).toThrow(
        'the evidence is dated after the time it takes effect',
      );
    });

    describe('with a document the service keeps', () => {
      const document = {
        sha256: 'C0FFEE'.padEnd(64, '0'),
        size: 48_213,
        mediaType: 'application/pdf' as const,
        fileName: 'CSMT minutes May 2024.pdf',
      };

      it('records the document, its hash in lower case as the evidence hash too', () => {
        const command = anActionCommand('AttachEvidence', { document });
        const stored = { ...document, sha256: document.sha256.toLowerCase() };
        expect(spec.given([created]).when(command)).toEqual({
          events: [anActionEvent('EvidenceAttached', { document: stored, sha256: stored.sha256 })],
        });
      });

      it('leaves the key out of evidence held elsewhere, so earlier events keep their form and hash', () => {
        const result = spec.given([created]).when(anActionCommand('AttachEvidence'));
        expect('events' in result && Object.keys(result.events[0]!.data)).not.toContain('document');
      });

      it("refuses a sha256 that is not the document's", () => {
        const command = anActionCommand('AttachEvidence', { document, sha256: 'ab'.repeat(32) });
        expect(spec.given([created]).when(command)).toMatchObject({ error: { code: 'INVALID', field: 'sha256' } });
      });

      it.each([
        ['document.sha256', { sha256: 'xyz' }, 'INVALID'],
        ['document.size', { size: 0 }, 'INVALID'],
        ['document.size', { size: 25 * 1024 * 1024 + 1 }, 'INVALID'],
        ['document.mediaType', { mediaType: 'text/html' as never }, 'INVALID'],
        ['document.fileName', { fileName: ' ' }, 'REQUIRED'],
      ] as const)('refuses a bad %s', (field, overrides, code) => {
        const command = anActionCommand('AttachEvidence', { document: { ...document, ...overrides } });
        expect(spec.given([created]).when(command)).toMatchObject({ error: { code, field } });
      });
    });

    it('refuses the same evidence id twice', () => {
      expect(
        spec.given([created, anActionEvent('EvidenceAttached')]).when(anActionCommand('AttachEvidence')),
      ).toMatchObject({
        error: { code: 'ALREADY_EXISTS', field: 'evidenceId' },
      });
    });

    it.each([
      ['title', { title: '' }, 'REQUIRED'],
      ['kind', { kind: 'rumour' as never }, 'INVALID'],
      ['location', { location: { kind: 'shelf' } as never }, 'INVALID'],
      ['location.url', { location: { kind: 'link', url: ' ' } }, 'REQUIRED'],
      ['sha256', { sha256: 'abc' }, 'INVALID'],
      ['date', { date: 'April 2024' }, 'INVALID'],
    ] as const)('refuses a bad %s', (field, overrides, code) => {
      expect(spec.given([created]).when(anActionCommand('AttachEvidence', overrides))).toMatchObject({
        error: { code, field },
      });
    });
  });

  describe('ChangeDueDate', () => {
    it('moves the due date', () => {
      expect(spec.given([created]).when(anActionCommand('ChangeDueDate'))).toEqual({
        events: [
          anActionEvent('DueDateChanged', {
            from: { kind: 'date', date: '2024-09-01' },
            to: { kind: 'date', date: '2024-12-01' },
          }),
        ],
      });
    });

    it('gives a due date to an action that had none', () => {
      const command = anActionCommand('ChangeDueDate', { to: { kind: 'text', text: 'June and March 2025' } });
      expect(spec.given([anActionCreated({ due: null })]).when(command)).toEqual({
        events: [anActionEvent('DueDateChanged', { from: null, to: { kind: 'text', text: 'June and March 2025' } })],
      });
    });

    it('setting the same due date appends nothing', () => {
      const command = anActionCommand('ChangeDueDate', { to: { kind: 'date', date: '2024-09-01' } });
      expect(spec.given([created]).when(command)).toEqual({ events: [] });
    });

    it('keeps the original due date however often it moves', () => {
      const state = replay(actionDecider, [
        { event: created, effectiveAt: GIVEN_AT },
        {
          event: anActionEvent('DueDateChanged', { to: { kind: 'date', date: '2024-12-01' } }),
          effectiveAt: CHANGED_AT,
        },
        { event: anActionEvent('DueDateChanged', { to: { kind: 'text', text: 'Weekly.' } }), effectiveAt: CHANGED_AT },
      ]);
      expect(state).toMatchObject({
        originalDue: { kind: 'date', date: '2024-09-01' },
        currentDue: { kind: 'text', text: 'Weekly.' },
      });
    });

    it('refuses a due date that is neither a date nor words', () => {
      expect(
        spec.given([created]).when(anActionCommand('ChangeDueDate', { to: { kind: 'date', date: 'May-24' } })),
      ).toMatchObject({
        error: { code: 'INVALID', field: 'to' },
      });
    });
  });

  describe('AmendAction', () => {
    it('records each changed field with its before and after, in a fixed order, leaving out unchanged ones', () => {
      const command = anActionCommand('AmendAction', {
        changes: {
          theme: '  ',
          ref: '1.6b',
          description: created.data.description,
          start: { kind: 'text', text: 'April-June' },
        },
      });
      expect(spec.given([created]).when(command)).toEqual({
        events: [
          anActionEvent('ActionAmended', {
            changes: [
              { field: 'theme', from: created.data.theme, to: null },
              { field: 'ref', from: '1.6a', to: '1.6b' },
              { field: 'start', from: { kind: 'date', date: '2024-04-01' }, to: { kind: 'text', text: 'April-June' } },
            ],
          }),
        ],
      });
    });

    it('an amendment that changes nothing appends nothing', () => {
      const command = anActionCommand('AmendAction', { changes: { ref: '1.6a', dltLead: 'RG' } });
      expect(spec.given([created]).when(command)).toEqual({ events: [] });
    });

    it('refuses to amend a field that has its own command', () => {
      const command = anActionCommand('AmendAction', { changes: { owner: 'JH' } as never });
      expect(spec.given([created]).when(command)).toMatchObject({ error: { code: 'INVALID', field: 'changes.owner' } });
    });

    it('refuses to blank the description', () => {
      const command = anActionCommand('AmendAction', { changes: { description: ' ' } });
      expect(spec.given([created]).when(command)).toMatchObject({
        error: { code: 'REQUIRED', field: 'changes.description' },
      });
    });

    it('evolves to the amended values', () => {
      const changes = [
        { field: 'description', from: created.data.description, to: 'Publish the audit.' },
        { field: 'successMeasure', from: created.data.successMeasure, to: null },
        { field: 'start', from: created.data.start, to: { kind: 'text', text: 'April-June' } },
      ] as const;
      const state = replay(actionDecider, [
        { event: created, effectiveAt: GIVEN_AT },
        { event: anActionEvent('ActionAmended', { changes: [...changes] }), effectiveAt: CHANGED_AT },
      ]);
      expect(state).toMatchObject({
        description: 'Publish the audit.',
        successMeasure: null,
        start: { kind: 'text', text: 'April-June' },
      });
    });
  });

  describe('CompleteAction', () => {
    it('completing sets blue', () => {
      expect(spec.given([created, rated('amber')]).when(anActionCommand('CompleteAction'))).toEqual({
        events: [anActionEvent('ActionCompleted'), anActionEvent('RagStatusChanged', { from: 'amber', to: 'blue' })],
      });
    });

    it('completes an unrated action', () => {
      expect(spec.given([created]).when(anActionCommand('CompleteAction'))).toEqual({
        events: [anActionEvent('ActionCompleted'), anActionEvent('RagStatusChanged', { from: null, to: 'blue' })],
      });
    });

    it('completing a completed action appends nothing', () => {
      expect(spec.given(completed).when(anActionCommand('CompleteAction'))).toEqual({ events: [] });
    });

    it('takes a blue status alone as completion, so blue and completed never disagree', () => {
      // Not a stream this decider writes, but evolve must not be trusted to have seen only its own.
      const blueByStatusAlone = [created, anActionEvent('RagStatusChanged', { from: null, to: 'blue' })];
      expect(spec.given(blueByStatusAlone).when(anActionCommand('CompleteAction'))).toEqual({ events: [] });
    });
  });

  describe('RetainForOversight', () => {
    it('retains a completed action for oversight', () => {
      expect(spec.given(completed).when(anActionCommand('RetainForOversight'))).toEqual({
        events: [anActionEvent('RetainedForOversight')],
      });
    });

    it('only a completed action can be retained for oversight', () => {
      expect(spec.given([created, rated('green')]).when(anActionCommand('RetainForOversight'))).toMatchObject({
        error: { code: 'NOT_COMPLETED' },
      });
    });

    it('retaining a retained action appends nothing', () => {
      expect(
        spec.given([...completed, anActionEvent('RetainedForOversight')]).when(anActionCommand('RetainForOversight')),
      ).toEqual({
        events: [],
      });
    });
  });

  describe('ReopenAction', () => {
    it('reopens a completed action at the status given', () => {
      expect(spec.given(completed).when(anActionCommand('ReopenAction', { status: 'red' }))).toEqual({
        events: [anActionEvent('ActionReopened'), anActionEvent('RagStatusChanged', { from: 'blue', to: 'red' })],
      });
    });

    it('reopening needs a completed action', () => {
      expect(spec.given([created]).when(anActionCommand('ReopenAction'))).toMatchObject({
        error: { code: 'NOT_COMPLETED' },
      });
    });

    it('refuses to reopen at blue', () => {
      expect(spec.given(completed).when(anActionCommand('ReopenAction', { status: 'blue' as never }))).toMatchObject({
        error: { code: 'INVALID', field: 'status' },
      });
    });

    it('a reopened action is no longer retained for oversight', () => {
      const state = replay(
        actionDecider,
        [
          ...completed,
          anActionEvent('RetainedForOversight'),
          anActionEvent('ActionReopened'),
          anActionEvent('RagStatusChanged', { from: 'blue', to: 'amber' }),
        ].map((event) => ({ event, effectiveAt: GIVEN_AT })),
      );
      expect(state).toMatchObject({ completed: false, retainedForOversight: false, status: 'amber' });
    });
  });

  describe('CarryForwardAction', () => {
    it('carries the action from its current plan to the next', () => {
      expect(spec.given([created]).when(anActionCommand('CarryForwardAction'))).toEqual({
        events: [anActionEvent('ActionCarriedForward', { fromPlanId: 'sdp-2024-25', toPlanId: 'sdp-2025-26' })],
      });
    });

    it('carries a retained completed action forward to keep oversight of it', () => {
      const given = [...completed, anActionEvent('RetainedForOversight')];
      expect(spec.given(given).when(anActionCommand('CarryForwardAction'))).toEqual({
        events: [anActionEvent('ActionCarriedForward', { fromPlanId: 'sdp-2024-25', toPlanId: 'sdp-2025-26' })],
      });
    });

    it('carries from the plan it was last carried to', () => {
      const given = [created, anActionEvent('ActionCarriedForward')];
      expect(spec.given(given).when(anActionCommand('CarryForwardAction', { toPlanId: 'sdp-2026-27' }))).toEqual({
        events: [anActionEvent('ActionCarriedForward', { fromPlanId: 'sdp-2025-26', toPlanId: 'sdp-2026-27' })],
      });
    });

    it('carrying to the plan it is already in appends nothing', () => {
      expect(spec.given([created]).when(anActionCommand('CarryForwardAction', { toPlanId: 'sdp-2024-25' }))).toEqual({
        events: [],
      });
    });

    it('refuses to carry back to a plan it has been through', () => {
      const given = [created, anActionEvent('ActionCarriedForward')];
      expect(spec.given(given).when(anActionCommand('CarryForwardAction', { toPlanId: 'sdp-2024-25' }))).toMatchObject({
        error: { code: 'INVALID', field: 'toPlanId' },
      });
    });

    it('the plan to carry to must be named', () => {
      expect(spec.given([created]).when(anActionCommand('CarryForwardAction', { toPlanId: '' }))).toMatchObject({
        error: { code: 'REQUIRED', field: 'toPlanId' },
      });
    });
  });

  describe('WithdrawAction', () => {
    it('withdraws an action', () => {
      expect(spec.given([created, rated('red')]).when(anActionCommand('WithdrawAction'))).toEqual({
        events: [withdrawn],
      });
    });
  });

  describe('evolve', () => {
    it('replays a history into everything a read model needs', () => {
      const state = replay(actionDecider, [
        { event: created, effectiveAt: '2024-04-02T08:00:00+01:00' },
        { event: anActionEvent('ActionReassigned'), effectiveAt: CHANGED_AT },
        { event: rated('green'), effectiveAt: CHANGED_AT },
        { event: anActionEvent('CommentAdded'), effectiveAt: CHANGED_AT },
        { event: anActionEvent('CommentAdded', { commentId: 'c-2' }), effectiveAt: CHANGED_AT },
        { event: anActionEvent('EvidenceAttached'), effectiveAt: CHANGED_AT },
        { event: anActionEvent('DueDateChanged'), effectiveAt: CHANGED_AT },
        { event: anActionEvent('ActionCompleted'), effectiveAt: NOW },
        { event: anActionEvent('RagStatusChanged', { from: 'green', to: 'blue' }), effectiveAt: NOW },
        { event: anActionEvent('RetainedForOversight'), effectiveAt: NOW },
        { event: anActionEvent('ActionCarriedForward'), effectiveAt: NOW },
      ]);
      expect(state).toEqual({
        actionId: ACTION_ID,
        planIds: ['sdp-2024-25', 'sdp-2025-26'],
        sourceId: 'src-ilacs-2020',
        recommendationId: 'rec-ilacs-2020-1',
        ref: '1.6a',
        description: created.data.description,
        owner: 'JH',
        dltLead: 'RG',
        start: { kind: 'date', date: '2024-04-01' },
        originalDue: { kind: 'date', date: '2024-09-01' },
        currentDue: { kind: 'text', text: 'Weekly.' },
        successMeasure: created.data.successMeasure,
        experienceOfChildren: created.data.experienceOfChildren,
        theme: created.data.theme,
        status: 'blue',
        completed: true,
        retainedForOversight: true,
        withdrawn: false,
        commentIds: ['c-1', 'c-2'],
        evidenceIds: ['e-1'],
        createdEffectiveAt: '2024-04-02T08:00:00+01:00',
        setAt: { owner: CHANGED_AT, due: CHANGED_AT, lifecycle: NOW, plan: NOW },
      });
    });

    it('is pure: replaying the same events twice gives equal states', () => {
      const history = [...completed, withdrawn].map((event) => ({ event, effectiveAt: GIVEN_AT }));
      expect(replay(actionDecider, history)).toEqual(replay(actionDecider, history));
    });
  });

  describe('history entered late', () => {
    const since = (effectiveAt: string, event: ActionEvent) => at(effectiveAt, event);
    const createdEarly = since('2024-01-01T00:00:00.000Z', anActionCreated());
    const greenInMay = since('2024-05-01T00:00:00.000Z', rated('green'));

    it('records a status backdated before the present one without changing the present', () => {
      const command = anActionCommand('ChangeRagStatus', { to: 'red', effectiveAt: '2024-03-01T00:00:00.000Z' });
      expect(spec.given([createdEarly, greenInMay]).when(command)).toEqual({
        events: [anActionEvent('RagStatusChanged', { from: 'green', to: 'red' })],
      });
      const state = replay(actionDecider, [createdEarly, greenInMay, since('2024-03-01T00:00:00.000Z', rated('red'))]);
      expect(state).toMatchObject({ status: 'green', setAt: { lifecycle: '2024-05-01T00:00:00.000Z' } });
    });

    it('records a backdated value equal to the present one: the past cannot be read off the present', () => {
      const command = anActionCommand('ChangeRagStatus', { to: 'green', effectiveAt: '2024-03-01T00:00:00.000Z' });
      expect(spec.given([createdEarly, greenInMay]).when(command)).toEqual({
        events: [anActionEvent('RagStatusChanged', { from: 'green', to: 'green' })],
      });
    });

    it('a backdated completion does not complete an action reopened since', () => {
      const reopenedInJune = [
        since('2024-06-01T00:00:00.000Z', anActionEvent('ActionReopened')),
        since('2024-06-01T00:00:00.000Z', rated('amber')),
      ];
      const history = [
        createdEarly,
        since('2024-05-01T00:00:00.000Z', anActionEvent('ActionCompleted')),
        ...reopenedInJune,
        since('2024-02-01T00:00:00.000Z', anActionEvent('ActionCompleted')),
      ];
      expect(replay(actionDecider, history)).toMatchObject({
        status: 'amber',
        completed: false,
        retainedForOversight: false,
      });
    });

    it('an owner, a due date and each amended field keep the value latest in effect', () => {
      const state = replay(actionDecider, [
        createdEarly,
        since('2024-05-01T00:00:00.000Z', anActionEvent('ActionReassigned', { from: 'HoS', to: 'JH' })),
        since('2024-02-01T00:00:00.000Z', anActionEvent('ActionReassigned', { from: 'JH', to: 'SA' })),
        since(
          '2024-05-01T00:00:00.000Z',
          anActionEvent('DueDateChanged', { to: { kind: 'date', date: '2024-12-01' } }),
        ),
        since('2024-02-01T00:00:00.000Z', anActionEvent('DueDateChanged', { to: { kind: 'text', text: 'Weekly.' } })),
        since(
          '2024-05-01T00:00:00.000Z',
          anActionEvent('ActionAmended', { changes: [{ field: 'theme', from: null, to: 'New theme' }] }),
        ),
        since(
          '2024-02-01T00:00:00.000Z',
          anActionEvent('ActionAmended', {
            changes: [
              { field: 'theme', from: null, to: 'Old theme' },
              { field: 'ref', from: null, to: 'A5.4' },
            ],
          }),
        ),
      ]);
      expect(state).toMatchObject({
        owner: 'JH',
        currentDue: { kind: 'date', date: '2024-12-01' },
        originalDue: { kind: 'date', date: '2024-09-01' },
        theme: 'New theme',
        ref: 'A5.4',
      });
    });

    it('refuses a carry-forward that takes effect before the last one', () => {
      const carried = since('2024-05-01T00:00:00.000Z', anActionEvent('ActionCarriedForward'));
      const command = anActionCommand('CarryForwardAction', {
        toPlanId: 'sdp-2026-27',
        effectiveAt: '2024-04-01T00:00:00.000Z',
      });
      expect(spec.given([createdEarly, carried]).when(command)).toMatchObject({
        error: { code: 'INVALID', field: 'effectiveAt' },
      });
    });

    // The property the plan-as-it-stood views rest on: folding an action's events in the order
    // they were recorded gives the state of folding them in the order they took effect.
    it.each([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12])(
      'recorded order and effective order give one state (history seed %i)',
      (seed) => {
        const random = seededRandom(seed);
        const now = '2026-01-01T00:00:00.000Z';
        const history: StampedEvent<ActionEvent>[] = [];
        let state: ActionState = null;
        const apply = (events: ActionEvent[], effectiveAt: string) => {
          for (const event of events) {
            history.push({ event, effectiveAt });
            state = evolveAction(state, event, effectiveAt);
          }
        };
        apply(
          decideAction(aCreateActionCommand({ effectiveAt: '2019-05-01T00:00:00.000Z' }), null, { now }),
          '2019-05-01T00:00:00.000Z',
        );
        const commands = randomActionCommands(random, {
          actionId: ACTION_ID,
          count: 120,
          from: '2019-05-01T00:00:00.000Z',
          to: '2025-12-31T00:00:00.000Z',
          laterPlanIds: ['sdp-2020-21', 'sdp-2021-22', 'sdp-2022-23'],
        });
        let accepted = 0;
        for (const command of commands) {
          try {
            const events = decideAction(command, state, { now });
            apply(events, effectiveTime(command.data.effectiveAt, { now }));
            accepted += events.length > 0 ? 1 : 0;
          } catch (error) {
            if (!(error instanceof DomainError)) throw error;
          }
        }
        expect(accepted).toBeGreaterThan(20); // the history is a real one, not a string of refusals
        const inEffectiveOrder = [...history].sort((a, b) => Date.parse(a.effectiveAt) - Date.parse(b.effectiveAt)); // stable: ties keep recorded order
        // Comments and evidence are sets: their ids are listed in the order they arrived.
        const asSets = (value: ActionState) =>
          value && { ...value, commentIds: [...value.commentIds].sort(), evidenceIds: [...value.evidenceIds].sort() };
        expect(asSets(replay(actionDecider, inEffectiveOrder))).toEqual(asSets(replay(actionDecider, history)));
      },
    );
  });

  it('names its stream', () => {
    expect(actionStreamId('123')).toBe('action-123');
  });
});
