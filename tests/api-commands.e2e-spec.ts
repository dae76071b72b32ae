import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { RecordedEvent } from '#event-store';
import { bearer, startApi, type ApiUnderTest } from './support/api-harness.js';
import {
  actionEvents,
  actionRequest,
  applyUpdate,
  completedAction,
  createAction,
  createPlan,
  createRecommendation,
  createSource,
  eventCount,
  expectNothingAppended,
  expectProblem,
  expectWritten,
  keyIdOf,
  planRequest,
  postUpdate,
  recommendationRequest,
  sourceRequest,
  successStatusOf,
  UPDATE_VERBS,
  updateRequest,
  type WrittenAction,
} from './support/api-builders.js';

/** Every endpoint's happy path, what it stores, and the rules of the domain as the API shows them. */
describe('command API: every endpoint', () => {
  let api: ApiUnderTest;
  let planId: string;
  let nextPlanId: string;
  let sourceId: string;

  beforeAll(async () => {
    api = await startApi();
    planId = (await createPlan(api)).id;
    nextPlanId = (
      await createPlan(api, {
        title: 'Service Development Plan 2025-26',
        periodStart: '2025-04-01',
        periodEnd: '2026-03-31',
      })
    ).id;
    sourceId = (await createSource(api)).id;
  });
  afterAll(async () => {
    await api?.close();
  });

  const manager = () => ({ id: keyIdOf(api.keys.manager), name: 'test manager', role: 'manager' });
  const newAction = (overrides = {}) => createAction(api, { planId, sourceId, ...overrides });

  /** The events the last write appended to a stream: those after `fromRevision`. */
  const appendedTo = async (streamId: string, fromRevision: number): Promise<RecordedEvent[]> =>
    (await api.store.readStream(streamId)).filter((event) => event.revision > fromRevision);

  /** The envelope every API write stamps: the key's holder, origin api, the reason given. */
  function expectApiMetadata(
    event: RecordedEvent,
    expected: { reason: string | null; effectiveAt?: string; actor?: object },
  ) {
    expect(event.metadata.actor).toEqual(expected.actor ?? manager());
    expect(event.metadata.origin).toBe('api');
    expect(event.metadata.reason).toBe(expected.reason);
    if (expected.effectiveAt)
      expect(event.metadata.effectiveAt.toISOString()).toBe(new Date(expected.effectiveAt).toISOString());
    else
      expect(Math.abs(event.metadata.effectiveAt.getTime() - event.metadata.recordedAt.getTime())).toBeLessThan(1000);
  }

  describe('POST /sources', () => {
    it('registers a source: 201, ETag "0", Location, and a SourceRegistered event by the key holder', async () => {
      const body = sourceRequest({
        kind: 'independent-audit',
        title: 'Aidhour independent audit, February 2024',
        date: '2024-02-20',
      });
      const response = await api.http.post('/sources').set(bearer(api.keys.manager)).send(body);
      expectWritten(response, { status: 201, revision: 0, events: ['SourceRegistered'] });
      expect(response.headers.location).toBe(`/sources/${response.body.id}`);
      const [event, ...rest] = await api.store.readStream(`source-${response.body.id}`);
      expect(rest).toEqual([]);
      expect(event).toMatchObject({ type: 'SourceRegistered', revision: 0, position: response.body.position });
      expect(event!.data).toEqual({
        sourceId: response.body.id,
        kind: 'independent-audit',
        title: 'Aidhour independent audit, February 2024',
        date: '2024-02-20',
      });
      expectApiMetadata(event!, { reason: null });
    });

    it('registers a source without a date (date absent or null)', async () => {
      for (const body of [
        { kind: 'staff-feedback', title: 'Feedback from Duty workers' },
        { kind: 'staff-feedback', title: 'Feedback from Duty workers', date: null },
      ]) {
        const response = await api.http.post('/sources').set(bearer(api.keys.manager)).send(body);
        expectWritten(response, { status: 201, revision: 0, events: ['SourceRegistered'] });
        const [event] = await api.store.readStream(`source-${response.body.id}`);
        expect(event!.data).toEqual({
          sourceId: response.body.id,
          kind: 'staff-feedback',
          title: 'Feedback from Duty workers',
          date: null,
        });
      }
    });

    it.each([
      'ofsted-inspection',
      'ofsted-focused-visit',
      'independent-audit',
      'multi-agency-audit',
      'case-review',
      'self-evaluation',
      'staff-feedback',
      'children-and-families-feedback',
      'research',
      'other',
    ])('accepts the source kind %s', async (kind) => {
      const response = await api.http.post('/sources').set(bearer(api.keys.manager)).send(sourceRequest({ kind }));
      expect(response.status).toBe(201);
      const [event] = await api.store.readStream(`source-${response.body.id}`);
      expect(event!.data.kind).toBe(kind);
    });

    it('takes the actor from an admin key too', async () => {
      const response = await api.http.post('/sources').set(bearer(api.keys.admin)).send(sourceRequest());
      expect(response.status).toBe(201);
      const [event] = await api.store.readStream(`source-${response.body.id}`);
      expect(event!.metadata.actor).toEqual({ id: keyIdOf(api.keys.admin), name: 'test admin', role: 'admin' });
    });
  });

  describe('POST /sources/:sourceId/recommendations', () => {
    it('records a recommendation of the source: 201, ETag "0", a RecommendationRecorded event', async () => {
      const response = await api.http
        .post(`/sources/${sourceId}/recommendations`)
        .set(bearer(api.keys.manager))
        .send(recommendationRequest({ level: 'service' }));
      expectWritten(response, { status: 201, revision: 0, events: ['RecommendationRecorded'] });
      if (response.headers.location !== undefined) expect(response.headers.location).toContain(response.body.id);
      const events = await api.store.readStream(`recommendation-${response.body.id}`);
      expect(events).toHaveLength(1);
      expect(events[0]).toMatchObject({ type: 'RecommendationRecorded', position: response.body.position });
      expect(events[0]!.data).toEqual({
        recommendationId: response.body.id,
        sourceId,
        reference: 'Ofsted recommendation 1',
        text: 'Further improve the quality and consistency of written plans for children.',
        level: 'service',
      });
      expectApiMetadata(events[0]!, { reason: null });
    });

    it('records a child-level recommendation without a reference', async () => {
      const response = await api.http
        .post(`/sources/${sourceId}/recommendations`)
        .set(bearer(api.keys.manager))
        .send({ text: "The child's plan should name who visits.", level: 'child' });
      expectWritten(response, { status: 201, revision: 0, events: ['RecommendationRecorded'] });
      const [event] = await api.store.readStream(`recommendation-${response.body.id}`);
      expect(event!.data).toMatchObject({ reference: null, level: 'child', sourceId });
    });
  });

  describe('POST /plans', () => {
    it('opens a plan: 201, ETag "0", a PlanOpened event', async () => {
      const response = await api.http.post('/plans').set(bearer(api.keys.manager)).send(planRequest());
      expectWritten(response, { status: 201, revision: 0, events: ['PlanOpened'] });
      if (response.headers.location !== undefined) expect(response.headers.location).toContain(response.body.id);
      const events = await api.store.readStream(`plan-${response.body.id}`);
      expect(events).toHaveLength(1);
      expect(events[0]).toMatchObject({ type: 'PlanOpened', position: response.body.position });
      expect(events[0]!.data).toEqual({
        planId: response.body.id,
        title: 'Service Development Plan 2024-25',
        periodStart: '2024-04-01',
        periodEnd: '2025-03-31',
        owner: 'Head of Service',
        board: "Children's Improvement Board",
        reviewFrequency: 'Quarterly',
      });
      expectApiMetadata(events[0]!, { reason: null });
    });

    it('opens a plan with only the required fields', async () => {
      const response = await api.http
        .post('/plans')
        .set(bearer(api.keys.manager))
        .send({ title: 'Service Improvement Plan 2018-19', periodStart: '2018-05-01', periodEnd: '2019-04-30' });
      expectWritten(response, { status: 201, revision: 0, events: ['PlanOpened'] });
      const [event] = await api.store.readStream(`plan-${response.body.id}`);
      expect(event!.data).toMatchObject({ owner: null, board: null, reviewFrequency: null });
    });
  });

  describe('POST /actions', () => {
    it('creates an action with every field: 201, ETag "0", an ActionCreated event effective when it says', async () => {
      const recommendation = await createRecommendation(api, { sourceId });
      const body = actionRequest(planId, sourceId, {
        recommendationId: recommendation.id,
        effectiveAt: '2019-01-15T09:00:00Z',
      });
      const response = await api.http.post('/actions').set(bearer(api.keys.manager)).send(body);
      expectWritten(response, { status: 201, revision: 0, events: ['ActionCreated'] });
      if (response.headers.location !== undefined) expect(response.headers.location).toContain(response.body.id);
      const events = await actionEvents(api, response.body.id);
      expect(events).toHaveLength(1);
      expect(events[0]).toMatchObject({ type: 'ActionCreated', revision: 0, position: response.body.position });
      expect(events[0]!.data).toEqual({
        actionId: response.body.id,
        planId,
        sourceId,
        recommendationId: recommendation.id,
        ref: '1.6a',
        description: 'Audit written plans for children monthly and feed back to team managers.',
        owner: 'HoS',
        dltLead: 'RG',
        start: { kind: 'text', text: 'April-June' },
        due: { kind: 'date', date: '2024-05-31' },
        successMeasure: 'Audit results show plans are SMART in 80% of cases.',
        experienceOfChildren: 'Children know what their plan is and who will help them.',
        theme: 'Quality of practice',
      });
      expectApiMetadata(events[0]!, { reason: null, effectiveAt: '2019-01-15T09:00:00Z' });
    });

    it('creates an action with only the required fields; the rest are null', async () => {
      const response = await api.http
        .post('/actions')
        .set(bearer(api.keys.manager))
        .send({ planId, sourceId, description: 'Weekly duty huddles.' });
      expectWritten(response, { status: 201, revision: 0, events: ['ActionCreated'] });
      const [event] = await actionEvents(api, response.body.id);
      expect(event!.data).toEqual({
        actionId: response.body.id,
        planId,
        sourceId,
        recommendationId: null,
        ref: null,
        description: 'Weekly duty huddles.',
        owner: null,
        dltLead: null,
        start: null,
        due: null,
        successMeasure: null,
        experienceOfChildren: null,
        theme: null,
      });
      expectApiMetadata(event!, { reason: null });
    });

    it('keeps a due date written as words', async () => {
      const response = await api.http
        .post('/actions')
        .set(bearer(api.keys.manager))
        .send(actionRequest(planId, sourceId, { due: { kind: 'text', text: 'Weekly.' } }));
      expect(response.status).toBe(201);
      const [event] = await actionEvents(api, response.body.id);
      expect(event!.data.due).toEqual({ kind: 'text', text: 'Weekly.' });
    });

    it('reads an effectiveAt with an offset as the same instant', async () => {
      const response = await api.http
        .post('/actions')
        .set(bearer(api.keys.manager))
        .send(actionRequest(planId, sourceId, { effectiveAt: '2019-06-15T10:00:00+01:00' }));
      expect(response.status).toBe(201);
      const [event] = await actionEvents(api, response.body.id);
      expect(event!.metadata.effectiveAt.toISOString()).toBe('2019-06-15T09:00:00.000Z');
    });
  });

  describe('updates: POST /actions/:actionId/<verb> with If-Match', () => {
    it('reassign: 200, ETag "1", ActionReassigned { from, to } with the reason', async () => {
      const action = await newAction();
      const response = await postUpdate(
        api,
        action.id,
        'reassign',
        { to: 'DTM Assessment', reason: 'The HoS post is vacant' },
        0,
      );
      expectWritten(response, { status: 200, id: action.id, revision: 1, events: ['ActionReassigned'] });
      const [event, ...rest] = await appendedTo(`action-${action.id}`, 0);
      expect(rest).toEqual([]);
      expect(event).toMatchObject({
        type: 'ActionReassigned',
        data: { from: 'HoS', to: 'DTM Assessment' },
        position: response.body.position,
      });
      expectApiMetadata(event!, { reason: 'The HoS post is vacant' });
    });

    it('status: 200, RagStatusChanged { from: null, to } and then { from, to }', async () => {
      const action = await newAction();
      const first = await postUpdate(api, action.id, 'status', { to: 'green', reason: 'On track' }, 0);
      expectWritten(first, { status: 200, id: action.id, revision: 1, events: ['RagStatusChanged'] });
      const second = await postUpdate(api, action.id, 'status', { to: 'red', reason: 'Stuck: no auditor' }, '"1"');
      expectWritten(second, { status: 200, id: action.id, revision: 2, events: ['RagStatusChanged'] });
      const events = await appendedTo(`action-${action.id}`, 0);
      expect(events.map((event) => [event.type, event.data])).toEqual([
        ['RagStatusChanged', { from: null, to: 'green' }],
        ['RagStatusChanged', { from: 'green', to: 'red' }],
      ]);
      expectApiMetadata(events[0]!, { reason: 'On track' });
      expectApiMetadata(events[1]!, { reason: 'Stuck: no auditor' });
    });

    it('status with effectiveAt: the event takes effect then', async () => {
      const action = await newAction({ effectiveAt: '2018-05-01T09:00:00Z' });
      const response = await postUpdate(
        api,
        action.id,
        'status',
        { to: 'amber', reason: 'January: more work needed', effectiveAt: '2019-01-15T09:00:00Z' },
        0,
      );
      expectWritten(response, { status: 200, id: action.id, revision: 1, events: ['RagStatusChanged'] });
      const [event] = await appendedTo(`action-${action.id}`, 0);
      expectApiMetadata(event!, { reason: 'January: more work needed', effectiveAt: '2019-01-15T09:00:00Z' });
    });

    it('status blue completes the action: ActionCompleted then RagStatusChanged to blue', async () => {
      const action = await newAction();
      const response = await postUpdate(api, action.id, 'status', { to: 'blue', reason: 'Fully completed' }, 0);
      expectWritten(response, {
        status: 200,
        id: action.id,
        revision: 2,
        events: ['ActionCompleted', 'RagStatusChanged'],
      });
      const events = await appendedTo(`action-${action.id}`, 0);
      expect(events.map((event) => [event.type, event.data])).toEqual([
        ['ActionCompleted', {}],
        ['RagStatusChanged', { from: null, to: 'blue' }],
      ]);
      expect(response.body.position).toBe(events[1]!.position);
    });

    it('status to the current colour: 200, events [] and nothing appended', async () => {
      const action = await applyUpdate(api, await newAction(), 'status', { to: 'green' });
      const response = await expectNothingAppended(api, () =>
        postUpdate(api, action.id, 'status', { to: 'green', reason: 'Still on track' }, action.revision),
      );
      expectWritten(response, { status: 200, id: action.id, revision: action.revision, events: [] });
    });

    it('due-date: 200, DueDateChanged { from, to }, to a date and to words', async () => {
      const action = await newAction();
      const first = await postUpdate(
        api,
        action.id,
        'due-date',
        { to: { kind: 'date', date: '2024-09-01' }, reason: 'Audit moved to September' },
        0,
      );
      expectWritten(first, { status: 200, id: action.id, revision: 1, events: ['DueDateChanged'] });
      const second = await postUpdate(
        api,
        action.id,
        'due-date',
        { to: { kind: 'text', text: 'June and March 2025' }, reason: 'Two audit rounds' },
        1,
      );
      expectWritten(second, { status: 200, id: action.id, revision: 2, events: ['DueDateChanged'] });
      const events = await appendedTo(`action-${action.id}`, 0);
      expect(events.map((event) => [event.type, event.data])).toEqual([
        ['DueDateChanged', { from: { kind: 'date', date: '2024-05-31' }, to: { kind: 'date', date: '2024-09-01' } }],
        [
          'DueDateChanged',
          { from: { kind: 'date', date: '2024-09-01' }, to: { kind: 'text', text: 'June and March 2025' } },
        ],
      ]);
      expectApiMetadata(events[0]!, { reason: 'Audit moved to September' });
      expectApiMetadata(events[1]!, { reason: 'Two audit rounds' });
    });

    it('amend: 200, ActionAmended listing each changed field with from and to', async () => {
      const action = await newAction({ theme: null });
      const changes = {
        description: 'Publish the audit findings online every quarter.',
        successMeasure: 'Findings published on the website each quarter.',
        experienceOfChildren: 'Children can read what changed because of what they said.',
        theme: 'Participation',
        ref: '1.6b',
        dltLead: 'JH',
        start: { kind: 'date', date: '2024-04-01' },
      };
      const response = await postUpdate(
        api,
        action.id,
        'amend',
        { changes, reason: 'The action has been amended to publish information online' },
        0,
      );
      expectWritten(response, { status: 200, id: action.id, revision: 1, events: ['ActionAmended'] });
      const [event, ...rest] = await appendedTo(`action-${action.id}`, 0);
      expect(rest).toEqual([]);
      expect(event!.type).toBe('ActionAmended');
      expect(event!.data).toEqual({
        changes: [
          {
            field: 'description',
            from: 'Audit written plans for children monthly and feed back to team managers.',
            to: changes.description,
          },
          {
            field: 'successMeasure',
            from: 'Audit results show plans are SMART in 80% of cases.',
            to: changes.successMeasure,
          },
          {
            field: 'experienceOfChildren',
            from: 'Children know what their plan is and who will help them.',
            to: changes.experienceOfChildren,
          },
          { field: 'theme', from: null, to: 'Participation' },
          { field: 'ref', from: '1.6a', to: '1.6b' },
          { field: 'dltLead', from: 'RG', to: 'JH' },
          { field: 'start', from: { kind: 'text', text: 'April-June' }, to: { kind: 'date', date: '2024-04-01' } },
        ],
      });
      expectApiMetadata(event!, { reason: 'The action has been amended to publish information online' });
    });

    it('amend changing nothing: 200, events [] and nothing appended', async () => {
      const action = await newAction();
      const response = await expectNothingAppended(api, () =>
        postUpdate(api, action.id, 'amend', { changes: { ref: '1.6a' }, reason: 'No change' }, 0),
      );
      expectWritten(response, { status: 200, id: action.id, revision: 0, events: [] });
    });

    it('complete: 200, ActionCompleted and RagStatusChanged to blue (completing sets blue)', async () => {
      const action = await applyUpdate(api, await newAction(), 'status', { to: 'green' });
      const response = await postUpdate(
        api,
        action.id,
        'complete',
        { reason: 'Audit complete and reported to DLT' },
        action.revision,
      );
      expectWritten(response, {
        status: 200,
        id: action.id,
        revision: 3,
        events: ['ActionCompleted', 'RagStatusChanged'],
      });
      const events = await appendedTo(`action-${action.id}`, 1);
      expect(events.map((event) => [event.type, event.data])).toEqual([
        ['ActionCompleted', {}],
        ['RagStatusChanged', { from: 'green', to: 'blue' }],
      ]);
      for (const event of events) expectApiMetadata(event, { reason: 'Audit complete and reported to DLT' });
    });

    it('complete without a reason: the events carry reason null', async () => {
      const action = await newAction();
      const response = await postUpdate(api, action.id, 'complete', {}, 0);
      expectWritten(response, {
        status: 200,
        id: action.id,
        revision: 2,
        events: ['ActionCompleted', 'RagStatusChanged'],
      });
      const events = await appendedTo(`action-${action.id}`, 0);
      expect(events[1]!.data).toEqual({ from: null, to: 'blue' });
      for (const event of events) expectApiMetadata(event, { reason: null });
    });

    it('complete on a completed action: 200, events [] and nothing appended', async () => {
      const action = await completedAction(api, { planId, sourceId });
      const response = await expectNothingAppended(api, () =>
        postUpdate(api, action.id, 'complete', {}, action.revision),
      );
      expectWritten(response, { status: 200, id: action.id, revision: action.revision, events: [] });
    });

    it('retain a completed action: 200, RetainedForOversight', async () => {
      const action = await completedAction(api, { planId, sourceId });
      const response = await postUpdate(
        api,
        action.id,
        'retain',
        { reason: 'complete - (kept in to retain oversight)' },
        action.revision,
      );
      expectWritten(response, {
        status: 200,
        id: action.id,
        revision: action.revision + 1,
        events: ['RetainedForOversight'],
      });
      const [event] = await appendedTo(`action-${action.id}`, action.revision);
      expect(event).toMatchObject({ type: 'RetainedForOversight', data: {} });
      expectApiMetadata(event!, { reason: 'complete - (kept in to retain oversight)' });
    });

    it('retain with no body fields: reason null', async () => {
      const action = await completedAction(api, { planId, sourceId });
      const response = await postUpdate(api, action.id, 'retain', {}, action.revision);
      expectWritten(response, {
        status: 200,
        id: action.id,
        revision: action.revision + 1,
        events: ['RetainedForOversight'],
      });
      const [event] = await appendedTo(`action-${action.id}`, action.revision);
      expectApiMetadata(event!, { reason: null });
    });

    it('reopen a completed action: 200, ActionReopened and RagStatusChanged from blue', async () => {
      const action = await completedAction(api, { planId, sourceId });
      const response = await postUpdate(
        api,
        action.id,
        'reopen',
        { status: 'amber', reason: 'The re-audit found gaps' },
        action.revision,
      );
      expectWritten(response, {
        status: 200,
        id: action.id,
        revision: action.revision + 2,
        events: ['ActionReopened', 'RagStatusChanged'],
      });
      const events = await appendedTo(`action-${action.id}`, action.revision);
      expect(events.map((event) => [event.type, event.data])).toEqual([
        ['ActionReopened', {}],
        ['RagStatusChanged', { from: 'blue', to: 'amber' }],
      ]);
      for (const event of events) expectApiMetadata(event, { reason: 'The re-audit found gaps' });
    });

    it('carry-forward: 200, ActionCarriedForward { fromPlanId, toPlanId }', async () => {
      const action = await newAction();
      const response = await postUpdate(
        api,
        action.id,
        'carry-forward',
        { toPlanId: nextPlanId, reason: 'Retained due to ongoing cost of living crisis' },
        0,
      );
      expectWritten(response, { status: 200, id: action.id, revision: 1, events: ['ActionCarriedForward'] });
      const [event] = await appendedTo(`action-${action.id}`, 0);
      expect(event).toMatchObject({ type: 'ActionCarriedForward', data: { fromPlanId: planId, toPlanId: nextPlanId } });
      expectApiMetadata(event!, { reason: 'Retained due to ongoing cost of living crisis' });
    });

    it('carry-forward without a reason: reason null', async () => {
      const action = await newAction();
      const response = await postUpdate(api, action.id, 'carry-forward', { toPlanId: nextPlanId }, 0);
      expectWritten(response, { status: 200, id: action.id, revision: 1, events: ['ActionCarriedForward'] });
      const [event] = await appendedTo(`action-${action.id}`, 0);
      expectApiMetadata(event!, { reason: null });
    });

    it('withdraw: 200, ActionWithdrawn with the reason', async () => {
      const action = await newAction();
      const response = await postUpdate(
        api,
        action.id,
        'withdraw',
        { reason: 'Superseded by the multi-agency audit action' },
        0,
      );
      expectWritten(response, { status: 200, id: action.id, revision: 1, events: ['ActionWithdrawn'] });
      const [event] = await appendedTo(`action-${action.id}`, 0);
      expect(event).toMatchObject({ type: 'ActionWithdrawn', data: {} });
      expectApiMetadata(event!, { reason: 'Superseded by the multi-agency audit action' });
    });

    it('comments: 201, ETag the new revision, body with commentId, CommentAdded effective when it says', async () => {
      const action = await newAction({ effectiveAt: '2018-05-01T09:00:00Z' });
      const text = 'January: the first monthly audit was completed and shared with team managers.';
      const response = await postUpdate(api, action.id, 'comments', { text, effectiveAt: '2019-01-15T09:00:00Z' }, 0);
      expectWritten(response, { status: 201, id: action.id, revision: 1, events: ['CommentAdded'] });
      expect(typeof response.body.commentId).toBe('string');
      expect(response.body.commentId.length).toBeGreaterThan(0);
      const [event] = await appendedTo(`action-${action.id}`, 0);
      expect(event).toMatchObject({ type: 'CommentAdded', position: response.body.position });
      expect(event!.data).toEqual({ commentId: response.body.commentId, text });
      expectApiMetadata(event!, { reason: null, effectiveAt: '2019-01-15T09:00:00Z' });
    });

    it('comments twice: two comments with different ids', async () => {
      const action = await newAction();
      const first = await postUpdate(api, action.id, 'comments', { text: 'UPDATE: audit started.' }, 0);
      const second = await postUpdate(api, action.id, 'comments', { text: 'UPDATE: audit started.' }, 1);
      expectWritten(first, { status: 201, id: action.id, revision: 1, events: ['CommentAdded'] });
      expectWritten(second, { status: 201, id: action.id, revision: 2, events: ['CommentAdded'] });
      expect(second.body.commentId).not.toBe(first.body.commentId);
    });

    it('evidence: 201, body with evidenceId, EvidenceAttached with a link', async () => {
      const action = await newAction({ effectiveAt: '2024-01-10T09:00:00Z' });
      const sha256 = 'a3f1c2'.padEnd(64, '0');
      const body = {
        title: 'DLT minutes, 12 March 2024',
        kind: 'minutes',
        location: { kind: 'link', url: 'https://example.org/dlt/2024-03-12.pdf' },
        sha256,
        date: '2024-03-12',
      };
      const response = await postUpdate(api, action.id, 'evidence', body, 0);
      expectWritten(response, { status: 201, id: action.id, revision: 1, events: ['EvidenceAttached'] });
      expect(typeof response.body.evidenceId).toBe('string');
      const [event] = await appendedTo(`action-${action.id}`, 0);
      expect(event).toMatchObject({ type: 'EvidenceAttached', position: response.body.position });
      expect(event!.data).toEqual({
        evidenceId: response.body.evidenceId,
        title: body.title,
        kind: 'minutes',
        location: body.location,
        sha256,
        date: '2024-03-12',
      });
      expectApiMetadata(event!, { reason: null });
    });

    it('evidence: a document reference, no sha256, effective when it says', async () => {
      const action = await newAction({ effectiveAt: '2023-01-10T09:00:00Z' });
      const body = {
        title: 'Training log: SMART planning',
        kind: 'training-log',
        location: { kind: 'document', reference: 'Workforce team, TL-2023-14' },
        date: '2023-05-02',
        effectiveAt: '2023-05-03T12:00:00Z',
      };
      const response = await postUpdate(api, action.id, 'evidence', body, 0);
      expectWritten(response, { status: 201, id: action.id, revision: 1, events: ['EvidenceAttached'] });
      const [event] = await appendedTo(`action-${action.id}`, 0);
      expect(event!.data).toEqual({
        evidenceId: response.body.evidenceId,
        title: body.title,
        kind: 'training-log',
        location: body.location,
        sha256: null,
        date: '2023-05-02',
      });
      expectApiMetadata(event!, { reason: null, effectiveAt: '2023-05-03T12:00:00Z' });
    });

    it.each(['minutes', 'training-log', 'audit-result', 'case-file', 'web-page', 'document', 'other'])(
      'evidence accepts the kind %s',
      async (kind) => {
        const action = await newAction();
        const response = await postUpdate(api, action.id, 'evidence', updateRequest('evidence', { kind }), 0);
        expect(response.status).toBe(201);
        const [event] = await appendedTo(`action-${action.id}`, 0);
        expect(event!.data.kind).toBe(kind);
      },
    );

    it('a whole history: each update answers the next revision as its ETag', async () => {
      let action: WrittenAction = await newAction();
      const steps = [
        ['status', { to: 'green', reason: 'Started' }, ['RagStatusChanged']],
        ['comments', { text: 'May 2018: audit tool agreed.' }, ['CommentAdded']],
        ['reassign', { to: 'RG/JH/SA', reason: 'Shared lead' }, ['ActionReassigned']],
        ['due-date', { to: { kind: 'text', text: 'complete' }, reason: 'Done early' }, ['DueDateChanged']],
        ['evidence', updateRequest('evidence'), ['EvidenceAttached']],
        ['complete', {}, ['ActionCompleted', 'RagStatusChanged']],
        ['retain', {}, ['RetainedForOversight']],
        ['reopen', { status: 'red', reason: 'Reopened' }, ['ActionReopened', 'RagStatusChanged']],
        ['carry-forward', { toPlanId: nextPlanId }, ['ActionCarriedForward']],
        ['withdraw', { reason: 'No longer needed' }, ['ActionWithdrawn']],
      ] as const;
      for (const [verb, body, events] of steps) {
        const response = await postUpdate(api, action.id, verb, body, action.revision);
        expectWritten(response, {
          status: successStatusOf(verb),
          id: action.id,
          revision: action.revision + events.length,
          events: [...events],
        });
        action = { ...action, revision: response.body.revision };
      }
      const stored = await actionEvents(api, action.id);
      expect(stored.map((event) => event.type)).toEqual(['ActionCreated', ...steps.flatMap(([, , events]) => events)]);
      expect(stored.map((event) => event.revision)).toEqual(stored.map((_, index) => index));
    });
  });

  describe('who made the change comes from the key, never the body', () => {
    it.each([
      ['POST /sources', '/sources', () => sourceRequest()],
      ['POST /plans', '/plans', () => planRequest()],
    ])('%s with an actor field: 400 naming actor, nothing appended', async (_, path, body) => {
      const response = await expectNothingAppended(api, () =>
        api.http
          .post(path)
          .set(bearer(api.keys.manager))
          .send({ ...body(), actor: { id: 'someone-else', name: 'Director', role: 'admin' } }),
      );
      expectProblem(response, 400, ['actor']);
    });

    it('POST /actions with an actor field: 400 naming actor', async () => {
      const response = await expectNothingAppended(api, () =>
        api.http
          .post('/actions')
          .set(bearer(api.keys.manager))
          .send(actionRequest(planId, sourceId, { actor: 'Director' })),
      );
      expectProblem(response, 400, ['actor']);
    });

    it.each(UPDATE_VERBS.map((verb) => [verb]))(
      '%s with an actor field: 400 naming actor, nothing appended',
      async (verb) => {
        const action =
          verb === 'retain' || verb === 'reopen' ? await completedAction(api, { planId, sourceId }) : await newAction();
        const body = { ...updateRequest(verb, {}, nextPlanId), actor: { id: 'x', name: 'Director', role: 'admin' } };
        const response = await expectNothingAppended(api, () =>
          postUpdate(api, action.id, verb, body, action.revision),
        );
        expectProblem(response, 400, ['actor']);
      },
    );

    it("an admin's update is recorded as the admin's", async () => {
      const action = await newAction();
      const response = await postUpdate(api, action.id, 'status', { to: 'red', reason: 'Stuck' }, 0, api.keys.admin);
      expect(response.status).toBe(200);
      const [, event] = await actionEvents(api, action.id);
      expect(event!.metadata.actor).toEqual({ id: keyIdOf(api.keys.admin), name: 'test admin', role: 'admin' });
    });
  });

  describe('rules of the domain, through the API', () => {
    it('reassign to the same owner: 200, events [], the same ETag, nothing appended', async () => {
      const action = await newAction({ owner: 'HoS' });
      const response = await expectNothingAppended(api, () =>
        postUpdate(api, action.id, 'reassign', { to: 'HoS', reason: 'Confirmed at DLT' }, 0),
      );
      expectWritten(response, { status: 200, id: action.id, revision: 0, events: [] });
      expect(await actionEvents(api, action.id)).toHaveLength(1);
    });

    it('completing sets blue: a later status of blue changes nothing', async () => {
      const action = await completedAction(api, { planId, sourceId });
      const events = await actionEvents(api, action.id);
      expect(events.at(-1)).toMatchObject({ type: 'RagStatusChanged', data: { to: 'blue' } });
      const response = await expectNothingAppended(api, () =>
        postUpdate(api, action.id, 'status', { to: 'blue', reason: 'Confirming' }, action.revision),
      );
      expectWritten(response, { status: 200, id: action.id, revision: action.revision, events: [] });
    });

    it('a colour other than blue on a completed action reopens it', async () => {
      const action = await completedAction(api, { planId, sourceId });
      const response = await postUpdate(
        api,
        action.id,
        'status',
        { to: 'amber', reason: 'More to do' },
        action.revision,
      );
      expectWritten(response, {
        status: 200,
        id: action.id,
        revision: action.revision + 2,
        events: ['ActionReopened', 'RagStatusChanged'],
      });
    });

    it('retain before complete: 409, nothing appended', async () => {
      const action = await newAction();
      const response = await expectNothingAppended(api, () =>
        postUpdate(api, action.id, 'retain', { reason: 'Keep it' }, 0),
      );
      expectProblem(response, 409);
      expect(response.body.code).toBe('NOT_COMPLETED');
    });

    it('reopen an action that is not completed: 409, nothing appended', async () => {
      const action = await newAction();
      const response = await expectNothingAppended(api, () =>
        postUpdate(api, action.id, 'reopen', { status: 'green', reason: 'Again' }, 0),
      );
      expectProblem(response, 409);
      expect(response.body.code).toBe('NOT_COMPLETED');
    });

    it('reopen to blue: 400 naming status (reopening says which open colour)', async () => {
      const action = await completedAction(api, { planId, sourceId });
      const response = await expectNothingAppended(api, () =>
        postUpdate(api, action.id, 'reopen', { status: 'blue', reason: 'Again' }, action.revision),
      );
      expectProblem(response, 400, ['status']);
    });

    it.each(UPDATE_VERBS.map((verb) => [verb]))(
      'a withdrawn action refuses %s: 409, nothing appended',
      async (verb) => {
        const action = await applyUpdate(api, await newAction(), 'withdraw');
        const response = await expectNothingAppended(api, () =>
          postUpdate(api, action.id, verb, updateRequest(verb, {}, nextPlanId), action.revision),
        );
        expectProblem(response, 409);
        expect(response.body.code).toBe('ACTION_WITHDRAWN');
      },
    );

    it('a comment effective before the action was created: 400 naming effectiveAt, nothing appended', async () => {
      const action = await newAction({ effectiveAt: '2019-01-15T09:00:00Z' });
      const response = await expectNothingAppended(api, () =>
        postUpdate(
          api,
          action.id,
          'comments',
          { text: 'December: planning started.', effectiveAt: '2018-12-01T09:00:00Z' },
          0,
        ),
      );
      expectProblem(response, 400, ['effectiveAt']);
    });

    it('evidence dated after it takes effect: 400 naming date', async () => {
      const action = await newAction({ effectiveAt: '2019-01-15T09:00:00Z' });
      const response = await expectNothingAppended(api, () =>
        postUpdate(
          api,
          action.id,
          'evidence',
          updateRequest('evidence', { date: '2019-03-01', effectiveAt: '2019-02-01T09:00:00Z' }),
          0,
        ),
      );
      expectProblem(response, 400, ['date']);
    });

    it('carry-forward to the plan the action is in: 200, events [], nothing appended', async () => {
      const action = await newAction();
      const response = await expectNothingAppended(api, () =>
        postUpdate(api, action.id, 'carry-forward', { toPlanId: planId }, 0),
      );
      expectWritten(response, { status: 200, id: action.id, revision: 0, events: [] });
    });

    const future = () => new Date(Date.now() + 24 * 3600 * 1000).toISOString();
    it('a future effectiveAt on POST /actions: 400 naming effectiveAt, nothing appended', async () => {
      const response = await expectNothingAppended(api, () =>
        api.http
          .post('/actions')
          .set(bearer(api.keys.manager))
          .send(actionRequest(planId, sourceId, { effectiveAt: future() })),
      );
      expectProblem(response, 400, ['effectiveAt']);
    });

    it.each(UPDATE_VERBS.map((verb) => [verb]))(
      'a future effectiveAt on %s: 400 naming effectiveAt, nothing appended',
      async (verb) => {
        const action =
          verb === 'retain' || verb === 'reopen' ? await completedAction(api, { planId, sourceId }) : await newAction();
        const response = await expectNothingAppended(api, () =>
          postUpdate(
            api,
            action.id,
            verb,
            updateRequest(verb, { effectiveAt: '2999-01-01T00:00:00Z' }, nextPlanId),
            action.revision,
          ),
        );
        expectProblem(response, 400, ['effectiveAt']);
      },
    );

    it('the count of events grows only by what the responses said was appended', async () => {
      const before = await eventCount(api);
      const action = await newAction();
      await applyUpdate(api, action, 'complete');
      expect(await eventCount(api)).toBe(before + 3);
    });
  });
});
