import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { CalendarDays, evolveAction, type ActionCommand, type ActionEvent, type ActionState } from '#domain';
import type { RecordedEvent } from '#event-store';
import { randomActionCommands, seededRandom } from '../libs/domain/src/testing/index.js';
import {
  actionEvents,
  applyUpdate,
  createAction,
  createPlan,
  createSource,
  expectProblem,
  lastPosition,
  postUpdate,
  readAs,
  type Body,
  type UpdateVerb,
  type WrittenAction,
} from './support/api-builders.js';
import { startApi, type ApiUnderTest } from './support/api-harness.js';

/** A moment to look from, as the test's replay takes it: instants, both bounds inclusive. */
interface Cut {
  asOf?: Date;
  asAt?: Date;
}

/** The API request a generated domain command stands for. */
function asRequest(command: ActionCommand): { verb: UpdateVerb; body: Body } {
  const { actionId: _actionId, ...data } = command.data as Body;
  switch (command.type) {
    case 'ChangeRagStatus':
      return { verb: 'status', body: data };
    case 'AddComment': {
      const { commentId: _commentId, ...body } = data;
      return { verb: 'comments', body };
    }
    case 'ReassignAction':
      return { verb: 'reassign', body: data };
    case 'ChangeDueDate':
      return { verb: 'due-date', body: data };
    case 'AmendAction':
      return { verb: 'amend', body: data };
    case 'CompleteAction':
      return { verb: 'complete', body: data };
    case 'RetainForOversight':
      return { verb: 'retain', body: data };
    case 'ReopenAction':
      return { verb: 'reopen', body: data };
    case 'AttachEvidence': {
      const { evidenceId: _evidenceId, sha256: _sha256, ...body } = data;
      return { verb: 'evidence', body };
    }
    case 'CarryForwardAction':
      return { verb: 'carry-forward', body: data };
    case 'WithdrawAction':
      return { verb: 'withdraw', body: data };
    case 'CreateAction':
      throw new Error('histories start from an action the test created');
    case 'RedactActionText':
      throw new Error('generated histories remove no words');
  }
}

/**
 * What the action looked like at the cut, replayed here from the event store's own events in the
 * order they took effect — not the recorded order, the audit log or the SQL the API uses.
 */
function replayedView(events: RecordedEvent[], cut: Cut, planId: string | null) {
  const inCut = events.filter(
    (event) =>
      (!cut.asOf || event.metadata.effectiveAt <= cut.asOf) && (!cut.asAt || event.metadata.recordedAt <= cut.asAt),
  );
  const inEffectiveOrder = [...inCut].sort(
    (a, b) => a.metadata.effectiveAt.getTime() - b.metadata.effectiveAt.getTime(),
  );
  let state: ActionState = null;
  let lastComment: { text: string; effectiveAt: string } | null = null;
  for (const event of inEffectiveOrder) {
    const effectiveAt = event.metadata.effectiveAt.toISOString();
    state = evolveAction(state, { type: event.type, data: event.data } as ActionEvent, effectiveAt);
    if (event.type === 'CommentAdded') lastComment = { text: (event.data as { text: string }).text, effectiveAt };
  }
  if (!state) return null;
  const day = (cut.asOf ?? cut.asAt ?? new Date()).toISOString().slice(0, 10);
  const currentPlanId = state.planIds.at(-1)!;
  return {
    id: state.actionId,
    revision: Math.max(...inCut.map((event) => event.revision)),
    owner: state.owner,
    status: state.status,
    description: state.description,
    originalDue: state.originalDue,
    currentDue: state.currentDue,
    completed: state.completed,
    retainedForOversight: state.retainedForOversight,
    withdrawn: state.withdrawn,
    overdue: state.currentDue?.kind === 'date' && state.currentDue.date < day && !state.completed && !state.withdrawn,
    carriedForwardTo: planId !== null && currentPlanId !== planId ? currentPlanId : null,
    commentCount: state.commentIds.length,
    evidenceCount: state.evidenceIds.length,
    lastComment,
    planIds: state.planIds,
  };
}

const query = (cut: Cut) => {
  const parts = [
    cut.asOf && `asOf=${encodeURIComponent(cut.asOf.toISOString())}`,
    cut.asAt && `asAt=${encodeURIComponent(cut.asAt.toISOString())}`,
  ].filter(Boolean);
  return parts.join('&');
};

describe('API: a plan, an action and a recommendation as they stood on any date', () => {
  let api: ApiUnderTest;
  beforeAll(async () => {
    api = await startApi();
  });
  afterAll(async () => {
    await api?.close();
  });

  const get = async (path: string) =>
    readAs(api, `${path}${path.includes('?') ? '&' : '?'}waitFor=${await lastPosition(api)}`);
  const CREATED_AT = '2019-05-01T00:00:00.000Z';

  /** Runs a generated history on a new action through the API; refused commands are skipped, as a user's would be. */
  async function historyOf(
    seed: number,
    planId: string,
    sourceId: string,
    recommendationId: string,
    laterPlanIds: string[],
  ): Promise<WrittenAction> {
    let action = await createAction(api, {
      planId,
      sourceId,
      recommendationId,
      effectiveAt: CREATED_AT,
      ref: `R${seed}`,
    });
    const commands = randomActionCommands(seededRandom(seed), {
      actionId: action.id,
      count: 40,
      from: CREATED_AT,
      to: '2025-12-31T00:00:00.000Z',
      laterPlanIds,
    });
    for (const command of commands) {
      const { verb, body } = asRequest(command);
      const response = await postUpdate(api, action.id, verb, body, action.revision);
      expect({ seed, verb, status: response.status, refusedAsBadRequest: response.status < 500 }).toMatchObject({
        refusedAsBadRequest: true,
      });
      if (response.status < 300) action = { ...action, revision: response.body.revision as number };
    }
    return action;
  }

  it('answers, for generated histories, exactly what a replay of the events up to each cut gives', async () => {
    const [plan, source, ...laterPlans] = [
      await createPlan(api),
      await createSource(api),
      await createPlan(api, { title: 'SDP 2025-26' }),
      await createPlan(api, { title: 'SDP 2026-27' }),
    ];
    const recommendation = (
      await api.http
        .post(`/sources/${source.id}/recommendations`)
        .set('Authorization', `Bearer ${api.keys.manager}`)
        .send({ reference: 'Ofsted recommendation 1', text: 'Improve plans.', level: 'service' })
    ).body;
    const laterPlanIds = laterPlans.map((later) => later.id);
    const actions = [];
    for (const seed of [101, 202, 303])
      actions.push(await historyOf(seed, plan.id, source.id, recommendation.id, laterPlanIds));
    const streams = new Map<string, RecordedEvent[]>();
    for (const action of actions) streams.set(action.id, await actionEvents(api, action.id));
    const recorded = [...streams.values()]
      .flat()
      .map((event) => event.metadata.recordedAt.getTime())
      .sort((a, b) => a - b);
    expect([...streams.values()].every((events) => events.length > 12)).toBe(true);

    const random = seededRandom(7);
    const someDay = () => new Date(Date.parse('2019-04-01T00:00:00Z') + Math.floor(random() * 2500) * 86_400_000);
    const someRecordedTime = () => new Date(recorded[Math.floor(random() * recorded.length)]!);
    const cuts: Cut[] = [];
    for (let n = 0; n < 6; n++)
      cuts.push({ asOf: someDay() }, { asAt: someRecordedTime() }, { asOf: someDay(), asAt: someRecordedTime() });
    cuts.push({ asAt: new Date(recorded[0]! - 1) }); // before anything was recorded

    for (const cut of cuts) {
      const expected = actions
        .map((action) => replayedView(streams.get(action.id)!, cut, plan.id))
        .filter((view) => view !== null && view.planIds.includes(plan.id));
      const response = await get(`/plans/${plan.id}/state?${query(cut)}&pageSize=500&sort=ref`);
      if (cut.asAt && cut.asAt.getTime() < recorded[0]!) {
        // The plan was recorded before the actions, but asAt before all of them still may find it; its actions are not yet there.
        expect(response.status === 404 || response.body.actions.length === 0).toBe(true);
        continue;
      }
      expect(response.status).toBe(200);
      const view = (list: ReturnType<typeof replayedView>[]) =>
        list.map((item) => item && { ...item, planIds: undefined }).sort((a, b) => a!.id.localeCompare(b!.id));
      const answered = response.body.actions.map((item: Record<string, unknown>) => {
        const {
          id,
          revision,
          owner,
          status,
          description,
          originalDue,
          currentDue,
          completed,
          retainedForOversight,
          withdrawn,
          overdue,
          carriedForwardTo,
          commentCount,
          evidenceCount,
          lastComment,
        } = item;
        return {
          id,
          revision,
          owner,
          status,
          description,
          originalDue,
          currentDue,
          completed,
          retainedForOversight,
          withdrawn,
          overdue,
          carriedForwardTo,
          commentCount,
          evidenceCount,
          lastComment,
          planIds: undefined,
        };
      });
      expect({ cut: query(cut), actions: view(answered) }).toEqual({ cut: query(cut), actions: view(expected) });
      const count = (status: string | null) => expected.filter((item) => item!.status === status).length;
      expect(response.body.counts).toMatchObject({
        total: expected.length,
        blue: count('blue'),
        red: count('red'),
        amber: count('amber'),
        green: count('green'),
        unrated: count(null),
        overdue: expected.filter((item) => item!.overdue).length,
      });

      for (const action of actions) {
        const single = await get(`/actions/${action.id}?${query(cut)}`);
        const replayed = replayedView(streams.get(action.id)!, cut, null);
        if (replayed === null) expectProblem(single, 404);
        else {
          const { planIds: _planIds, ...view } = replayed;
          expect({ cut: query(cut), action: single.body }).toMatchObject({ cut: query(cut), action: view });
        }
      }
    }
  });

  it('today, as of the end of today equals the plan as it stands', async () => {
    const action = await createAction(api, { effectiveAt: CREATED_AT });
    await applyUpdate(api, action, 'status', { to: 'red', effectiveAt: '2024-02-01T00:00:00Z' });
    const now = await get(`/plans/${action.planId}/state`);
    const asOfToday = await get(
      `/plans/${action.planId}/state?asOf=${new CalendarDays('Europe/London').today(new Date())}`,
    );
    expect(asOfToday.body).toEqual(now.body);
  });

  it('keeps history entered late in the past: a backdated status shows as of its date, not now', async () => {
    let action = await createAction(api, { effectiveAt: CREATED_AT });
    action = await applyUpdate(api, action, 'status', { to: 'green', effectiveAt: '2024-05-01T00:00:00Z' });
    const beforeBackdating = new Date();
    await new Promise((resolve) => setTimeout(resolve, 5));
    action = await applyUpdate(api, action, 'status', {
      to: 'red',
      effectiveAt: '2024-02-01T00:00:00Z',
      reason: 'Found in the Q4 minutes',
    });
    const statusOf = async (params: string) => (await get(`/actions/${action.id}?${params}`)).body.status;
    expect(await statusOf('')).toBe('green'); // the later-effective value stays the present
    expect(await statusOf('asOf=2024-03-01')).toBe('red'); // what was true in March, including what was entered later
    expect(await statusOf(`asOf=2024-03-01&asAt=${beforeBackdating.toISOString()}`)).toBeNull(); // what the system said then about March
    expect(await statusOf('asOf=2024-06-01')).toBe('green');
    expectProblem(await get(`/actions/${action.id}?asOf=2019-04-30`), 404); // not yet created in effect
  });

  it("gives a recommendation's history as far as it went at a moment", async () => {
    const source = await createSource(api);
    const recommendation = (
      await api.http
        .post(`/sources/${source.id}/recommendations`)
        .set('Authorization', `Bearer ${api.keys.manager}`)
        .send({ reference: 'Ofsted recommendation 2', text: 'Improve supervision.', level: 'service' })
    ).body;
    let action = await createAction(api, {
      sourceId: source.id,
      recommendationId: recommendation.id,
      effectiveAt: '2020-04-01T00:00:00Z',
    });
    action = await applyUpdate(api, action, 'comments', {
      text: 'Jan 2022: supervision audit done',
      effectiveAt: '2022-01-01T00:00:00Z',
    });
    action = await applyUpdate(api, action, 'complete', { effectiveAt: '2023-01-01T00:00:00Z' });
    // A second action on it, whose state must not be mixed up with the first's.
    let second = await createAction(api, {
      sourceId: source.id,
      recommendationId: recommendation.id,
      effectiveAt: '2021-04-01T00:00:00Z',
    });
    second = await applyUpdate(api, second, 'status', { to: 'red', effectiveAt: '2021-05-01T00:00:00Z' });
    second = await applyUpdate(api, second, 'status', { to: 'amber', effectiveAt: '2023-05-01T00:00:00Z' });
    const of = (body: { actions: { actionId: string; state: unknown; events: { type: string }[] }[] }, id: string) =>
      body.actions.find((one) => one.actionId === id)!;
    const in2022 = await get(`/recommendations/${recommendation.id}/history?asOf=2022-06-30`);
    expect(in2022.status).toBe(200);
    expect(in2022.body.actions).toHaveLength(2);
    expect(of(in2022.body, action.id).events.map((event) => event.type)).toEqual(['ActionCreated', 'CommentAdded']);
    expect(of(in2022.body, action.id).state).toMatchObject({
      completed: false,
      commentCount: 1,
      lastComment: { text: 'Jan 2022: supervision audit done' },
    });
    expect(of(in2022.body, second.id).state).toMatchObject({ completed: false, status: 'red', commentCount: 0 });
    const now = await get(`/recommendations/${recommendation.id}/history`);
    expect(of(now.body, action.id).state).toMatchObject({ completed: true, status: 'blue' });
    expect(of(now.body, second.id).state).toMatchObject({ completed: false, status: 'amber' });
    expectProblem(await get(`/recommendations/${recommendation.id}/history?asAt=2001-01-01T00:00:00Z`), 404);
  });

  describe('days judged in London (TIME_ZONE defaults to Europe/London), across both clock changes of 2026', () => {
    /** An action due on `due`, created long before, with a status change effective at each of `changes` (amber, red, green...). */
    async function dueOn(due: string, changes: string[] = []) {
      let action = await createAction(api, { effectiveAt: CREATED_AT, due: { kind: 'date', date: due } });
      const statuses = ['amber', 'red', 'green'];
      for (const [index, effectiveAt] of changes.entries())
        action = await applyUpdate(api, action, 'status', { to: statuses[index], effectiveAt });
      return action;
    }
    const overdueAt = async (actionId: string, asOf: string) => {
      const response = await get(`/actions/${actionId}?asOf=${encodeURIComponent(asOf)}`);
      expect(response.status).toBe(200);
      return response.body.overdue as boolean;
    };
    const statusAsOf = async (actionId: string, asOf: string) => {
      const response = await get(`/actions/${actionId}?asOf=${asOf}`);
      expect(response.status).toBe(200);
      return response.body.status as string | null;
    };

    it('an action due on a summer day is not overdue at 23:30 that day in London (22:30 UTC), and is at 00:30 the next (23:30 UTC the same UTC day)', async () => {
      const action = await dueOn('2026-06-15');
      expect(await overdueAt(action.id, '2026-06-15T22:30:00Z')).toBe(false);
      expect(await overdueAt(action.id, '2026-06-15T23:30:00Z')).toBe(true);
      // A bare day looks at the end of that London day: the due day itself is not past.
      expect(await overdueAt(action.id, '2026-06-15')).toBe(false);
      expect(await overdueAt(action.id, '2026-06-16')).toBe(true);
      // The plan's overdue filter and count judge the same day.
      const plan = async (asOf: string) =>
        (await get(`/plans/${action.planId}/state?overdue=true&asOf=${encodeURIComponent(asOf)}`)).body as {
          actions: { id: string }[];
          counts: { overdue: number };
        };
      expect((await plan('2026-06-15T22:30:00Z')).actions.map((a) => a.id)).not.toContain(action.id);
      const after = await plan('2026-06-15T23:30:00Z');
      expect(after.actions.map((a) => a.id)).toContain(action.id);
      expect(after.counts.overdue).toBeGreaterThanOrEqual(1);
    });

    it('judges overdue across 29 March (23 hours) and 25 October (25 hours)', async () => {
      const spring = await dueOn('2026-03-29');
      expect(await overdueAt(spring.id, '2026-03-29T22:30:00Z')).toBe(false); // 23:30 BST on the 29th
      expect(await overdueAt(spring.id, '2026-03-29T23:30:00Z')).toBe(true); // 00:30 BST on the 30th
      const autumn = await dueOn('2026-10-25');
      expect(await overdueAt(autumn.id, '2026-10-24T23:30:00Z')).toBe(false); // 00:30 BST on the 25th
      expect(await overdueAt(autumn.id, '2026-10-25T23:30:00Z')).toBe(false); // 23:30 GMT on the 25th
      expect(await overdueAt(autumn.id, '2026-10-26T00:30:00Z')).toBe(true); // 00:30 GMT on the 26th
    });

    it('asOf a bare summer day includes what took effect at 23:30 London that day (22:30 UTC) and not at 00:30 the next', async () => {
      const action = await dueOn('2026-12-31', ['2026-06-15T22:30:00Z', '2026-06-15T23:30:00Z']);
      expect(await statusAsOf(action.id, '2026-06-15')).toBe('amber');
      expect(await statusAsOf(action.id, '2026-06-16')).toBe('red');
    });

    it('asOf a bare day ends at the next London midnight across 29 March and 25 October', async () => {
      const spring = await dueOn('2026-12-31', ['2026-03-29T22:30:00Z', '2026-03-29T23:30:00Z']);
      expect(await statusAsOf(spring.id, '2026-03-29')).toBe('amber');
      expect(await statusAsOf(spring.id, '2026-03-30')).toBe('red');
      const autumn = await dueOn('2026-12-31', [
        '2026-10-24T23:30:00Z', // 00:30 BST on the 25th
        '2026-10-25T23:30:00Z', // 23:30 GMT on the 25th
        '2026-10-26T00:30:00Z', // 00:30 GMT on the 26th
      ]);
      expect(await statusAsOf(autumn.id, '2026-10-24')).toBeNull();
      expect(await statusAsOf(autumn.id, '2026-10-25')).toBe('red');
      expect(await statusAsOf(autumn.id, '2026-10-26')).toBe('green');
    });
  });

  it('refuses a moment it cannot read, naming the parameter', async () => {
    const action = await createAction(api);
    expectProblem(await get(`/actions/${action.id}?asOf=last-tuesday`), 400, ['asOf']);
    expectProblem(await get(`/plans/${action.planId}/state?asAt=2024-13-01&asOf=2024-02-30`), 400, ['asAt', 'asOf']);
    expectProblem(await get(`/plans/${action.planId}/state?asAt=2024-01-01T10:00`), 400, ['asAt']);
  });

  describe('what changed in a plan since a date (the quarterly report)', () => {
    it('lists each action moved with where it was before and after, and the events recorded in the period', async () => {
      const plan = await createPlan(api);
      const source = await createSource(api);
      const stays = await createAction(api, { planId: plan.id, sourceId: source.id, ref: '1.1' });
      let moves = await createAction(api, { planId: plan.id, sourceId: source.id, ref: '1.2' });
      moves = await applyUpdate(api, moves, 'status', { to: 'amber' });
      await new Promise((resolve) => setTimeout(resolve, 5));
      const since = new Date();
      await new Promise((resolve) => setTimeout(resolve, 5));
      moves = await applyUpdate(api, moves, 'status', { to: 'green' });
      moves = await applyUpdate(api, moves, 'comments', { text: 'Q2: on track' });
      await applyUpdate(api, moves, 'reassign', { to: 'JH' });
      const added = await createAction(api, { planId: plan.id, sourceId: source.id, ref: '1.3' });
      await applyUpdate(api, added, 'complete');

      const report = await get(`/plans/${plan.id}/changes?since=${since.toISOString()}`);
      expect(report.status).toBe(200);
      const byRef = Object.fromEntries(report.body.actions.map((action: { ref: string }) => [action.ref, action]));
      expect(Object.keys(byRef).sort()).toEqual(['1.2', '1.3']);
      expect(byRef['1.2']).toMatchObject({
        isNew: false,
        status: { before: 'amber', after: 'green' },
        owner: { before: 'HoS', after: 'JH' },
        commentsAdded: 1,
        events: 3,
      });
      expect(byRef['1.3']).toMatchObject({
        isNew: true,
        status: { before: null, after: 'blue' },
        completed: { before: false, after: true },
      });
      expect(report.body.summary).toMatchObject({
        actionsMoved: 2,
        newActions: 1,
        completed: 1,
        statusChanges: 2,
        commentsAdded: 1,
      });
      expect(
        report.body.changes.every((change: { recordedAt: string }) => Date.parse(change.recordedAt) >= since.getTime()),
      ).toBe(true);
      expect(report.body.changes.map((change: { actionId: string }) => change.actionId)).not.toContain(stays.id);

      const before = await get(`/plans/${plan.id}/changes?since=2020-01-01&until=${since.toISOString()}`);
      expect(before.body.actions.map((action: { ref: string }) => action.ref).sort()).toEqual(['1.1', '1.2']);
    });

    it('covers the last full calendar quarter unless told the start; a bare end day is included; basis=effective places changes by when they took effect', async () => {
      const plan = await createPlan(api);
      const source = await createSource(api);
      let action = await createAction(api, {
        planId: plan.id,
        sourceId: source.id,
        ref: '2.1',
        effectiveAt: '2024-01-10T09:00:00Z',
      });
      action = await applyUpdate(api, action, 'status', { to: 'red', effectiveAt: '2024-03-31T16:00:00Z' });
      await applyUpdate(api, action, 'comments', {
        text: 'April: started again',
        effectiveAt: '2024-04-02T10:00:00Z',
      });

      // The quarter before this one, January to March, April to June, ..., worked out here from the
      // calendar, its days in London (TIME_ZONE's default): each begins at London midnight.
      const london = new CalendarDays('Europe/London');
      const today = london.today(new Date());
      const [year, month] = [Number(today.slice(0, 4)), Number(today.slice(5, 7)) - 1];
      const quarterMonth = month - (month % 3);
      const firstOf = (monthIndex: number) =>
        london.startOf(new Date(Date.UTC(year, monthIndex, 1)).toISOString().slice(0, 10)).toISOString();
      const byDefault = await get(`/plans/${plan.id}/changes`);
      expect(byDefault.status).toBe(200);
      expect(byDefault.body.period).toEqual({
        since: firstOf(quarterMonth - 3),
        until: firstOf(quarterMonth),
        basis: 'recorded',
      });

      // The clocks went forward on 31 March 2024: 1 April began in London at 23:00 UTC on the 31st.
      const firstQuarter = await get(`/plans/${plan.id}/changes?since=2024-01-01&until=2024-03-31&basis=effective`);
      expect(firstQuarter.body.period).toEqual({
        since: '2024-01-01T00:00:00.000Z',
        until: '2024-03-31T23:00:00.000Z',
        basis: 'effective',
      });
      expect(firstQuarter.body.changes.map((change: { type: string }) => change.type)).toEqual([
        'ActionCreated',
        'RagStatusChanged',
      ]);
      expect(firstQuarter.body.actions).toMatchObject([
        { ref: '2.1', isNew: true, status: { before: null, after: 'red' }, commentsAdded: 0 },
      ]);
      const lastDay = await get(`/plans/${plan.id}/changes?since=2024-03-31&until=2024-03-31&basis=effective`);
      expect(lastDay.body.changes.map((change: { type: string }) => change.type)).toEqual(['RagStatusChanged']);
      expect(lastDay.body.actions).toMatchObject([{ isNew: false, status: { before: null, after: 'red' } }]);
      const secondQuarter = await get(`/plans/${plan.id}/changes?since=2024-04-01&until=2024-06-30&basis=effective`);
      expect(secondQuarter.body.actions).toMatchObject([
        { isNew: false, status: { before: 'red', after: 'red' }, commentsAdded: 1 },
      ]);
      // By recorded time, all of it was written today: nothing in 2024.
      expect((await get(`/plans/${plan.id}/changes?since=2024-01-01&until=2024-06-30`)).body.changes).toEqual([]);
    });

    it('refuses a period it cannot read, and an unknown plan', async () => {
      const plan = await createPlan(api);
      expectProblem(await get(`/plans/${plan.id}/changes?since=2024-04-01&until=2024-01-01`), 400, ['until']);
      expectProblem(await get(`/plans/${plan.id}/changes?since=2024-04-01&until=2024-03-31`), 400, ['until']);
      expectProblem(await get(`/plans/${plan.id}/changes?since=2024-04-01&basis=whenever`), 400, ['basis']);
      expectProblem(await get('/plans/00000000-0000-4000-8000-000000000000/changes?since=2024-01-01'), 404);
    });
  });
});
