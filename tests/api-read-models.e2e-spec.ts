import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { CalendarDays } from '#domain';
import {
  allEvents,
  applyUpdate,
  createAction,
  createPlan,
  createRecommendation,
  createSource,
  expectProblem,
  keyIdOf,
  lastPosition,
  postUpdate,
  readAs,
} from './support/api-builders.js';
import { startApi, type ApiUnderTest } from './support/api-harness.js';
import { csvRecords } from './support/csv.js';

/** The read models beyond plan state: a recommendation's history, accountability to sources, evidence timelines, the audit log. */
describe('API read models', () => {
  let api: ApiUnderTest;
  beforeAll(async () => {
    api = await startApi();
  });
  afterAll(async () => {
    await api?.close();
  });

  const get = (path: string, key = api.keys.auditor) => readAs(api, path, key);
  const waitFor = async (path: string) => `${path}${path.includes('?') ? '&' : '?'}waitFor=${await lastPosition(api)}`;
  const unknown = '00000000-0000-4000-8000-000000000000';

  it("gives a recommendation's history: its source, and each action on it with its events in order", async () => {
    const recommendation = await createRecommendation(api);
    const action = await createAction(api, { sourceId: recommendation.sourceId, recommendationId: recommendation.id });
    const status = await postUpdate(
      api,
      action.id,
      'status',
      { to: 'red', reason: 'Stuck on recruitment' },
      action.revision,
    );
    await postUpdate(api, action.id, 'comments', { text: 'Recruitment campaign launched' }, status.body.revision);

    const response = await get(await waitFor(`/recommendations/${recommendation.id}/history`));
    expect(response.status).toBe(200);
    expect(response.body.recommendation).toMatchObject({
      id: recommendation.id,
      sourceId: recommendation.sourceId,
      reference: 'Ofsted recommendation 1',
      level: 'service',
    });
    expect(response.body.source).toMatchObject({ id: recommendation.sourceId, kind: 'ofsted-inspection' });
    expect(response.body.actions).toHaveLength(1);
    const [history] = response.body.actions;
    expect(history.actionId).toBe(action.id);
    expect(history.planIds).toEqual([action.planId]);
    expect(history.events.map((event: { type: string; revision: number }) => [event.revision, event.type])).toEqual([
      [0, 'ActionCreated'],
      [1, 'RagStatusChanged'],
      [2, 'CommentAdded'],
    ]);
    expect(history.events[1]).toMatchObject({
      reason: 'Stuck on recruitment',
      actor: { id: keyIdOf(api.keys.manager), role: 'manager' },
    });
    expect(history.events[2].data).toMatchObject({ text: 'Recruitment campaign launched' });

    // A recommendation nothing was done about yet has a history with no actions.
    const idle = await createRecommendation(api, {
      sourceId: recommendation.sourceId,
      reference: 'Ofsted recommendation 2',
    });
    const idleHistory = await get(await waitFor(`/recommendations/${idle.id}/history`));
    expect(idleHistory.status).toBe(200);
    expect(idleHistory.body.actions).toEqual([]);
  });

  it('counts, for each source of a kind, the actions complete, stuck (red) and overdue', async () => {
    const source = await createSource(api, { kind: 'research', title: 'Research in practice: care planning' });
    await createRecommendation(api, { sourceId: source.id });
    const plan = await createPlan(api);
    const on = { planId: plan.id, sourceId: source.id };
    const done = await createAction(api, { ...on, ref: '1', due: { kind: 'date', date: '2099-01-01' } });
    await postUpdate(api, done.id, 'complete', { reason: 'Done' }, done.revision);
    const stuck = await createAction(api, { ...on, ref: '2', due: { kind: 'date', date: '2099-01-01' } });
    await postUpdate(api, stuck.id, 'status', { to: 'red', reason: 'Stuck' }, stuck.revision);
    await createAction(api, { ...on, ref: '3', due: { kind: 'date', date: '2024-05-31' } });
    await createSource(api, { kind: 'case-review', title: 'Another kind' });

    const response = await get(await waitFor('/sources/accountability?kind=research'));
    expect(response.status).toBe(200);
    expect(response.body.groups.map((group: { kind: string }) => group.kind)).toEqual(['research']);
    const mine = response.body.groups[0].sources.find(
      (entry: { source: { id: string } }) => entry.source.id === source.id,
    );
    expect(mine).toMatchObject({
      source: { id: source.id, kind: 'research', title: 'Research in practice: care planning' },
      recommendations: 1,
      actions: 3,
      complete: 1,
      stuck: 1,
      overdue: 1,
      withdrawn: 0,
    });
    expect(typeof mine.lastMovedAt).toBe('string');

    const all = await get('/sources/accountability');
    expect(all.status).toBe(200);
    expect(all.body.groups.map((group: { kind: string }) => group.kind)).toEqual(
      expect.arrayContaining(['research', 'case-review']),
    );
  });

  it("counts each source's actions by BRAG status, withdrawn ones left out, names the plans they are in, and filters by group of kinds; GET /sources answers the same", async () => {
    const source = await createSource(api, {
      kind: 'staff-feedback',
      title: 'Feedback from the duty team',
      date: null,
    });
    const older = await createPlan(api, {
      title: 'Service Improvement Plan 2018-19',
      periodStart: '2018-05-01',
      periodEnd: '2019-04-30',
    });
    const newer = await createPlan(api, { title: 'Service Development Plan 2024-25' });
    const on = { planId: newer.id, sourceId: source.id };
    for (const [ref, status] of [
      ['1', 'red'],
      ['2', 'amber'],
      ['3', 'green'],
    ] as const)
      await applyUpdate(api, await createAction(api, { ...on, ref }), 'status', { to: status });
    await createAction(api, { ...on, ref: '4' }); // not rated
    await applyUpdate(api, await createAction(api, { ...on, ref: '5' }), 'complete');
    await applyUpdate(
      api,
      await applyUpdate(api, await createAction(api, { ...on, ref: '6' }), 'status', { to: 'green' }),
      'withdraw',
    );
    await createAction(api, { planId: older.id, sourceId: source.id, ref: '7' });
    // A plan whose only action on the source is withdrawn is not where its actions are.
    await applyUpdate(
      api,
      await createAction(api, {
        planId: (await createPlan(api, { title: 'Withdrawn from', periodStart: '2020-04-01', periodEnd: '2021-03-31' }))
          .id,
        sourceId: source.id,
      }),
      'withdraw',
    );

    const staff = await get(await waitFor('/sources/accountability?kind=staff'));
    expect(staff.status).toBe(200);
    expect(staff.body.groups.map((group: { kind: string }) => group.kind)).toEqual(['staff-feedback']);
    const mine = staff.body.groups[0].sources.find(
      (entry: { source: { id: string } }) => entry.source.id === source.id,
    );
    expect(mine).toMatchObject({
      actions: 8,
      complete: 1,
      stuck: 1,
      withdrawn: 2,
      brag: { blue: 1, red: 1, amber: 1, green: 1, unrated: 2 },
    });
    expect(mine.plans).toEqual([
      { id: newer.id, title: 'Service Development Plan 2024-25', periodStart: '2024-04-01' },
      { id: older.id, title: 'Service Improvement Plan 2018-19', periodStart: '2018-05-01' },
    ]);
    // A source with no actions counts none and is in no plan.
    const idle = await createSource(api, { kind: 'ofsted-focused-visit', title: 'Focused visit, no actions yet' });
    const ofsted = await get(await waitFor('/sources/accountability?kind=ofsted'));
    expect(new Set(ofsted.body.groups.map((group: { kind: string }) => group.kind))).toEqual(
      new Set(['ofsted-inspection', 'ofsted-focused-visit']),
    );
    const idleEntry = ofsted.body.groups
      .flatMap((group: { sources: { source: { id: string } }[] }) => group.sources)
      .find((entry: { source: { id: string } }) => entry.source.id === idle.id);
    expect(idleEntry).toMatchObject({
      actions: 0,
      brag: { blue: 0, red: 0, amber: 0, green: 0, unrated: 0 },
      plans: [],
      lastMovedAt: null,
    });

    // One kind still filters; GET /sources is the same use case, with the same answer.
    expect((await get('/sources/accountability?kind=staff-feedback')).body).toEqual(staff.body);
    expect((await get('/sources?kind=staff')).body).toEqual(staff.body);
    expect((await get('/sources')).body).toEqual((await get('/sources/accountability')).body);
    expectProblem(await get('/sources?kind=gossip'), 400, ['kind']);
  });

  it('orders a timeline by when things took effect, not when they were entered', async () => {
    const recommendation = await createRecommendation(api);
    const action = await createAction(api, {
      sourceId: recommendation.sourceId,
      recommendationId: recommendation.id,
      effectiveAt: '2023-12-01T09:00:00Z',
    });
    const march = await postUpdate(
      api,
      action.id,
      'comments',
      { text: 'March: re-audit done', effectiveAt: '2024-03-01T09:00:00Z' },
      action.revision,
    );
    const january = await postUpdate(
      api,
      action.id,
      'comments',
      { text: 'January: first audit done', effectiveAt: '2024-01-15T09:00:00Z' },
      march.body.revision,
    );
    await postUpdate(api, action.id, 'reassign', { to: 'JH', reason: 'Not on the timeline' }, january.body.revision);

    const expected = [
      { type: 'CommentAdded', effectiveAt: '2024-01-15T09:00:00.000Z', data: { text: 'January: first audit done' } },
      { type: 'CommentAdded', effectiveAt: '2024-03-01T09:00:00.000Z', data: { text: 'March: re-audit done' } },
    ];
    for (const path of [
      `/actions/${action.id}/timeline`,
      `/recommendations/${recommendation.id}/timeline`,
      `/sources/${recommendation.sourceId}/timeline`,
    ]) {
      const response = await get(await waitFor(path));
      expect({ path, status: response.status }).toEqual({ path, status: 200 });
      expect(response.body.entries).toHaveLength(2);
      expect(response.body.entries).toMatchObject(expected);
    }
  });

  it('filters the audit log by type and actor, and pages it with after', async () => {
    const action = await createAction(api);
    const first = await postUpdate(api, action.id, 'comments', { text: 'First comment' }, action.revision);
    const second = await postUpdate(
      api,
      action.id,
      'comments',
      { text: 'Second comment, by the admin' },
      first.body.revision,
      api.keys.admin,
    );
    await postUpdate(api, action.id, 'status', { to: 'amber', reason: 'Gaps' }, second.body.revision);

    const comments = await get(await waitFor(`/audit-log?actionId=${action.id}&type=CommentAdded`));
    expect(comments.status).toBe(200);
    expect(comments.body.entries.map((entry: { data: { text: string } }) => entry.data.text)).toEqual([
      'First comment',
      'Second comment, by the admin',
    ]);
    expect(comments.body.nextAfter).toBeNull();

    const byAdmin = await get(`/audit-log?actionId=${action.id}&actor=${keyIdOf(api.keys.admin)}`);
    expect(
      byAdmin.body.entries.map((entry: { type: string; actor: { role: string } }) => [entry.type, entry.actor.role]),
    ).toEqual([['CommentAdded', 'admin']]);
    const byName = await get(`/audit-log?actionId=${action.id}&actor=${encodeURIComponent('test admin')}`);
    expect(byName.body.entries).toHaveLength(1);

    const types = await get(`/audit-log?actionId=${action.id}&type=ActionCreated,RagStatusChanged`);
    expect(types.body.entries.map((entry: { type: string }) => entry.type)).toEqual([
      'ActionCreated',
      'RagStatusChanged',
    ]);
    const repeated = await get(`/audit-log?actionId=${action.id}&type=ActionCreated&type=RagStatusChanged`);
    expect(repeated.body.entries.map((entry: { type: string }) => entry.type)).toEqual([
      'ActionCreated',
      'RagStatusChanged',
    ]);

    const page1 = await get(`/audit-log?actionId=${action.id}&limit=2`);
    expect(page1.body.entries.map((entry: { revision: number }) => entry.revision)).toEqual([0, 1]);
    expect(page1.body.nextAfter).toBe(page1.body.entries[1].position);
    const page2 = await get(`/audit-log?actionId=${action.id}&limit=2&after=${page1.body.nextAfter}`);
    expect(page2.body.entries.map((entry: { revision: number }) => entry.revision)).toEqual([2, 3]);
    expect(page2.body.nextAfter).toBeNull();

    const future = await get(`/audit-log?actionId=${action.id}&from=2999-01-01T00:00:00Z`);
    expect(future.body.entries).toEqual([]);
    const past = await get(`/audit-log?actionId=${action.id}&to=2000-01-01T00:00:00Z`);
    expect(past.body.entries).toEqual([]);
  });

  it('takes bare days for from and to: from the start of the one, to the end of the other, both days included', async () => {
    const action = await createAction(api);
    const log = await get(await waitFor(`/audit-log?actionId=${action.id}`));
    const [created] = log.body.entries as { recordedAt: string; position: number }[];
    // Bare days are London's (TIME_ZONE's default): the day the entry was recorded there.
    const day = new CalendarDays('Europe/London').dayOf(created!.recordedAt);
    const dayAfter = new Date(Date.parse(`${day}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
    const dayBefore = new Date(Date.parse(`${day}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
    const positions = async (query: string) =>
      ((await get(`/audit-log?actionId=${action.id}&${query}`)).body.entries as { position: number }[]).map(
        (entry) => entry.position,
      );
    expect(await positions(`from=${day}&to=${day}`)).toEqual([created!.position]);
    expect(await positions(`to=${day}`)).toEqual([created!.position]);
    expect(await positions(`from=${day}`)).toEqual([created!.position]);
    expect(await positions(`to=${dayBefore}`)).toEqual([]);
    expect(await positions(`from=${dayAfter}`)).toEqual([]);
    // A moment still means that moment: before it, exclusive; at or after it, inclusive.
    expect(await positions(`to=${encodeURIComponent(created!.recordedAt)}`)).toEqual([]);
    expect(await positions(`from=${encodeURIComponent(created!.recordedAt)}`)).toEqual([created!.position]);
  });

  it('exports every matching entry as CSV, with formulas neutralised', async () => {
    const action = await createAction(api);
    const comment = await postUpdate(
      api,
      action.id,
      'comments',
      { text: '=HYPERLINK("http://evil.example","click")' },
      action.revision,
    );
    await postUpdate(api, action.id, 'status', { to: 'red', reason: '=1+1' }, comment.body.revision);
    const events = (await allEvents(api)).filter((event) => event.streamId === `action-${action.id}`);
    expect(events).toHaveLength(3);

    // limit pages the JSON only: the CSV holds every matching entry.
    for (const response of [
      await get(await waitFor(`/audit-log?actionId=${action.id}&limit=1`)).set('Accept', 'text/csv'),
      await get(`/audit-log?actionId=${action.id}&format=csv&limit=1`),
    ]) {
      expect(response.status).toBe(200);
      expect(response.headers['content-type']).toBe('text/csv; charset=utf-8');
      expect(response.headers['content-disposition']).toBe('attachment; filename="audit-log.csv"');
      const lines = response.text.split('\r\n');
      expect(lines.at(-1)).toBe('');
      expect(lines[0]).toBe(
        'position,recordedAt,effectiveAt,actorId,actorName,actorRole,type,streamId,revision,reason,origin,data',
      );
      const rows = csvRecords(response.text).slice(1);
      expect(rows.map((row) => [Number(row[0]), row[6], row[8]])).toEqual(
        events.map((event) => [event.position, event.type, String(event.revision)]),
      );
      // No field a spreadsheet would read as a formula: the reason is prefixed, the comment sits inside the JSON of its data.
      for (const row of rows) for (const field of row) expect(field).not.toMatch(/^[=+\-@]/);
      expect(rows[2]![9]).toBe("'=1+1");
      expect(JSON.parse(rows[1]![11]!)).toMatchObject({ text: '=HYPERLINK("http://evil.example","click")' });
    }
  });

  it('refuses bad parameters naming them, and unknown ids', async () => {
    expectProblem(await get('/sources/accountability?kind=gossip'), 400, ['kind']);
    expectProblem(await get('/audit-log?from=yesterday'), 400, ['from']);
    expectProblem(await get('/audit-log?to=2024-02-30'), 400, ['to']);
    expectProblem(await get('/audit-log?from=2024-01-01T09:00'), 400, ['from']);
    expectProblem(await get('/audit-log?limit=1001'), 400, ['limit']);
    expectProblem(await get('/audit-log?limit=0&after=-1&format=xml'), 400, ['limit', 'after', 'format']);
    expectProblem(await get(`/recommendations/${unknown}/history`), 404);
    expectProblem(await get(`/actions/${unknown}/timeline`), 404);
    expectProblem(await get(`/recommendations/${unknown}/timeline`), 404);
    expectProblem(await get(`/sources/${unknown}/timeline`), 404);
    expectProblem(await get('/recommendations/not-an-id/history'), 404);
  });

  it('lets every role read them, but only auditors and admins the audit log', async () => {
    const action = await createAction(api);
    const position = await lastPosition(api);
    for (const role of ['manager', 'auditor', 'inspector', 'admin'] as const) {
      for (const path of [`/actions/${action.id}/timeline`, '/sources/accountability']) {
        expect({ role, path, status: (await get(`${path}?waitFor=${position}`, api.keys[role])).status }).toEqual({
          role,
          path,
          status: 200,
        });
      }
      for (const path of ['/audit-log?limit=1', '/audit-log?format=csv']) {
        const expected = role === 'auditor' || role === 'admin' ? 200 : 403;
        expect({ role, path, status: (await get(`${path}&waitFor=${position}`, api.keys[role])).status }).toEqual({
          role,
          path,
          status: expected,
        });
      }
    }
    expectProblem(await get('/audit-log', api.keys.manager), 403);
    expect((await api.http.get('/audit-log')).status).toBe(401);
  });
});
