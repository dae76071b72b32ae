import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import {
  createAction,
  createPlan,
  createSource,
  expectProblem,
  lastPosition,
  postUpdate,
  readAs,
} from './support/api-builders.js';
import { startApi, type ApiUnderTest } from './support/api-harness.js';

/** The read side: what managers, auditors and inspectors see, kept by the projector in the service. */
describe('API queries', () => {
  let api: ApiUnderTest;
  beforeAll(async () => {
    api = await startApi();
  });
  afterAll(async () => {
    await api?.close();
  });

  const get = (path: string, key = api.keys.auditor) => readAs(api, path, key);

  it('reads its own write: an action as it stands, with the revision to send back as If-Match', async () => {
    const action = await createAction(api, {
      due: { kind: 'date', date: '2024-05-31' },
      effectiveAt: '2023-12-01T09:00:00Z',
    });
    const status = await postUpdate(
      api,
      action.id,
      'status',
      { to: 'amber', reason: 'Audit found gaps' },
      action.revision,
    );
    const comment = await postUpdate(
      api,
      action.id,
      'comments',
      { text: 'January: audit done', effectiveAt: '2024-01-15T09:00:00Z' },
      status.body.revision,
    );
    expect(comment.status).toBe(201);

    const read = await get(`/actions/${action.id}`).set('X-Wait-For-Position', String(comment.body.position));
    expect(read.status).toBe(200);
    expect(read.headers['x-read-models-behind']).toBe('false');
    expect(read.headers.etag).toBe(`"${comment.body.revision}"`);
    expect(read.body).toMatchObject({
      id: action.id,
      revision: 2,
      status: 'amber',
      owner: 'HoS',
      originalDue: { kind: 'date', date: '2024-05-31' },
      overdue: true,
      commentCount: 1,
      lastComment: { text: 'January: audit done', effectiveAt: '2024-01-15T09:00:00.000Z' },
      evidenceCount: 0,
    });
    // The ETag read is the one an update must send.
    const next = await postUpdate(
      api,
      action.id,
      'reassign',
      { to: 'JH', reason: 'HoS on leave' },
      read.headers.etag as string,
    );
    expect(next.status).toBe(200);
  });

  it("lists a plan's actions with counts by status, filtered, sorted and paged", async () => {
    const plan = await createPlan(api);
    const source = await createSource(api);
    const refs = ['3.1', '1.2', '2.4'];
    const actions = [];
    for (const ref of refs)
      actions.push(
        await createAction(api, {
          planId: plan.id,
          sourceId: source.id,
          ref,
          due: { kind: 'date', date: '2099-01-01' },
        }),
      );
    const red = await postUpdate(api, actions[0]!.id, 'status', { to: 'red', reason: 'Stuck on recruitment' }, 0);
    const done = await postUpdate(api, actions[1]!.id, 'complete', {}, 0);
    const last = Math.max(red.body.position, done.body.position);

    const all = await get(`/plans/${plan.id}/state?waitFor=${last}`);
    expect(all.status).toBe(200);
    expect(all.body.plan).toMatchObject({ id: plan.id });
    expect(all.body.counts).toMatchObject({ total: 3, red: 1, blue: 1, unrated: 1, overdue: 0 });
    expect(all.body.actions.map((action: { ref: string }) => action.ref)).toEqual(['1.2', '2.4', '3.1']);

    const redOnly = await get(`/plans/${plan.id}/state?status=red`);
    expect(redOnly.body.actions.map((action: { id: string }) => action.id)).toEqual([actions[0]!.id]);
    const paged = await get(`/plans/${plan.id}/state?sort=ref&order=desc&page=2&pageSize=2`);
    expect(paged.body.actions.map((action: { ref: string }) => action.ref)).toEqual(['1.2']);
    expect(paged.body.page).toEqual({ number: 2, size: 2, totalItems: 3 });
  });

  it('refuses bad query parameters naming them, and unknown plans and actions', async () => {
    const plan = await createPlan(api);
    expectProblem(await get(`/plans/${plan.id}/state?status=purple&pageSize=0&surprise=1`), 400, [
      'status',
      'pageSize',
      'surprise',
    ]);
    expectProblem(await get(`/actions/${plan.id}?waitFor=soon`), 400, ['waitFor']);
    expectProblem(await get('/plans/00000000-0000-4000-8000-000000000000/state'), 404);
    expectProblem(await get('/actions/00000000-0000-4000-8000-000000000000'), 404);
  });

  it('lets every role read, and nobody without a key', async () => {
    const plan = await createPlan(api);
    const position = await lastPosition(api);
    for (const role of ['manager', 'auditor', 'inspector', 'admin'] as const) {
      expect((await get(`/plans/${plan.id}/state?waitFor=${position}`, api.keys[role])).status).toBe(200);
    }
    expect((await api.http.get(`/plans/${plan.id}/state`)).status).toBe(401);
  });

  it('reports each projection on /health', async () => {
    const health = await api.http.get('/health');
    expect(health.body.projections).toEqual([
      expect.objectContaining({
        name: 'audit-log',
        checkpoint: expect.any(Number),
        lagPositions: expect.any(Number),
        error: null,
      }),
      expect.objectContaining({
        name: 'current-state',
        checkpoint: expect.any(Number),
        lagPositions: expect.any(Number),
        error: null,
      }),
    ]);
  });
});
