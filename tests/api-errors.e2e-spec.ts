import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ChildDataReadModels, type ChildDataReading, type ReadModels } from '#read-store';
import { bearer, startApi, type ApiUnderTest } from './support/api-harness.js';
import {
  actionRequest,
  applyUpdate,
  completedAction,
  createAction,
  createRecommendation,
  createSource,
  expectNothingAppended,
  expectProblem,
  planRequest,
  postUpdate,
  recommendationRequest,
  sourceRequest,
  UPDATE_VERBS,
  updateRequest,
  type Body,
  type UpdateVerb,
  type WrittenAction,
} from './support/api-builders.js';
import { createFixtures, ENDPOINTS, send, type Endpoint, type Fixtures } from './support/api-endpoints.js';

/** Every error the command API answers, each a problem document, and none of them appends anything. */
describe('command API: errors', () => {
  let api: ApiUnderTest;
  let fixtures: Fixtures;

  beforeAll(async () => {
    api = await startApi();
    fixtures = await createFixtures(api);
  });
  afterAll(async () => {
    await api?.close();
  });

  const manager = () => bearer(api.keys.manager);
  const post = (path: string, body: Body | string) => api.http.post(path).set(manager()).send(body);
  /** An action in the state `verb` needs: completed for retain and reopen, fresh otherwise. */
  const actionFor = (verb: UpdateVerb): Promise<WrittenAction> =>
    verb === 'retain' || verb === 'reopen'
      ? completedAction(api, { planId: fixtures.planId, sourceId: fixtures.sourceId })
      : createAction(api, { planId: fixtures.planId, sourceId: fixtures.sourceId });
  /** A valid update body; carry-forward goes to the next plan. */
  const valid = (verb: UpdateVerb, overrides: Body = {}) => updateRequest(verb, overrides, fixtures.nextPlanId);
  const long = (length: number) => 'x'.repeat(length);

  describe('unknown fields: 400 naming each of them', () => {
    it.each<[string, Endpoint]>(ENDPOINTS.map((endpoint) => [endpoint.name, endpoint]))('%s', async (_, endpoint) => {
      const request = await endpoint.prepare(api, fixtures);
      const response = await expectNothingAppended(api, () =>
        send(api, { ...request, body: { ...request.body, colour: 'blue', createdBy: 'HoS' } }, manager()),
      );
      expectProblem(response, 400, ['colour', 'createdBy']);
    });

    it('an unknown field nested in a DateOrText, an amendment or a location', async () => {
      const action = await createAction(api, { planId: fixtures.planId, sourceId: fixtures.sourceId });
      const cases: [UpdateVerb, Body, string][] = [
        ['due-date', { to: { kind: 'date', date: '2024-09-01', approx: true }, reason: 'Moved' }, 'to'],
        ['amend', { changes: { owner: 'JH' }, reason: 'Owner has its own command' }, 'changes'],
        ['amend', { changes: { status: 'red' }, reason: 'Status has its own command' }, 'changes'],
        [
          'evidence',
          valid('evidence', { location: { kind: 'link', url: 'https://example.org/a', note: 'x' } }),
          'location',
        ],
      ];
      for (const [verb, body, field] of cases) {
        const response = await expectNothingAppended(api, () =>
          postUpdate(api, action.id, verb, body, action.revision),
        );
        expectProblem(response, 400, [field]);
      }
    });
  });

  describe('invalid values: 400 naming every failing field at once', () => {
    type Case = [name: string, path: (ids: Ids) => string, body: (ids: Ids) => Body, fields: string[]];
    interface Ids {
      planId: string;
      sourceId: string;
      nextPlanId: string;
    }
    const creations: Case[] = [
      [
        'source: wrong types',
        () => '/sources',
        () => ({ kind: 7, title: ['ILACS'], date: 20160715 }),
        ['kind', 'title', 'date'],
      ],
      ['source: bad kind', () => '/sources', () => sourceRequest({ kind: 'rumour' }), ['kind']],
      ['source: impossible date', () => '/sources', () => sourceRequest({ date: '2024-02-30' }), ['date']],
      ['source: date not YYYY-MM-DD', () => '/sources', () => sourceRequest({ date: '15/07/2016' }), ['date']],
      ['source: empty title', () => '/sources', () => sourceRequest({ title: '' }), ['title']],
      ['source: blank title', () => '/sources', () => sourceRequest({ title: '   ' }), ['title']],
      ['source: title over 500', () => '/sources', () => sourceRequest({ title: long(501) }), ['title']],
      ['source: missing kind and title', () => '/sources', () => ({}), ['kind', 'title']],
      [
        'source: all at once',
        () => '/sources',
        () => ({ kind: 'gossip', title: long(501), date: '2023-02-29', extra: 1 }),
        ['kind', 'title', 'date', 'extra'],
      ],
      [
        'recommendation: wrong types',
        (ids) => `/sources/${ids.sourceId}/recommendations`,
        () => ({ reference: 1, text: true, level: 2 }),
        ['reference', 'text', 'level'],
      ],
      [
        'recommendation: bad level',
        (ids) => `/sources/${ids.sourceId}/recommendations`,
        () => recommendationRequest({ level: 'both' }),
        ['level'],
      ],
      [
        'recommendation: empty text',
        (ids) => `/sources/${ids.sourceId}/recommendations`,
        () => recommendationRequest({ text: '' }),
        ['text'],
      ],
      [
        'plan: wrong types',
        () => '/plans',
        () => planRequest({ title: 5, periodStart: 20240401, owner: {}, board: [], reviewFrequency: 4 }),
        ['title', 'periodStart', 'owner', 'board', 'reviewFrequency'],
      ],
      [
        'plan: impossible dates',
        () => '/plans',
        () => planRequest({ periodStart: '2023-02-29', periodEnd: '2025-04-31' }),
        ['periodStart', 'periodEnd'],
      ],
      ['plan: empty title', () => '/plans', () => planRequest({ title: '' }), ['title']],
      [
        'plan: title over 500, owner over 200',
        () => '/plans',
        () => planRequest({ title: long(501), owner: long(201) }),
        ['title', 'owner'],
      ],
      ['plan: missing required', () => '/plans', () => ({}), ['title', 'periodStart', 'periodEnd']],
      [
        'action: wrong types',
        () => '/actions',
        (ids) =>
          actionRequest(ids.planId, ids.sourceId, {
            description: 12,
            ref: 1.6,
            start: 'April',
            due: '2024-05-31',
            theme: false,
          }),
        ['description', 'ref', 'start', 'due', 'theme'],
      ],
      [
        'action: impossible due date',
        () => '/actions',
        (ids) => actionRequest(ids.planId, ids.sourceId, { due: { kind: 'date', date: '2024-02-30' } }),
        ['due'],
      ],
      [
        'action: bad DateOrText kind',
        () => '/actions',
        (ids) => actionRequest(ids.planId, ids.sourceId, { start: { kind: 'month', month: 'May' } }),
        ['start'],
      ],
      [
        'action: empty DateOrText text',
        () => '/actions',
        (ids) => actionRequest(ids.planId, ids.sourceId, { due: { kind: 'text', text: '' } }),
        ['due'],
      ],
      [
        'action: empty description',
        () => '/actions',
        (ids) => actionRequest(ids.planId, ids.sourceId, { description: '' }),
        ['description'],
      ],
      [
        'action: owner over 200',
        () => '/actions',
        (ids) => actionRequest(ids.planId, ids.sourceId, { owner: long(201) }),
        ['owner'],
      ],
      [
        'action: effectiveAt impossible',
        () => '/actions',
        (ids) => actionRequest(ids.planId, ids.sourceId, { effectiveAt: '2019-02-30T09:00:00Z' }),
        ['effectiveAt'],
      ],
      [
        'action: effectiveAt without an offset',
        () => '/actions',
        (ids) => actionRequest(ids.planId, ids.sourceId, { effectiveAt: '2019-01-15T09:00:00' }),
        ['effectiveAt'],
      ],
      [
        'action: effectiveAt a date only',
        () => '/actions',
        (ids) => actionRequest(ids.planId, ids.sourceId, { effectiveAt: '2019-01-15' }),
        ['effectiveAt'],
      ],
      ['action: missing required', () => '/actions', () => ({}), ['planId', 'sourceId', 'description']],
      [
        'action: all at once',
        () => '/actions',
        (ids) => ({
          planId: 5,
          sourceId: ids.sourceId,
          description: '',
          owner: long(201),
          due: { kind: 'date', date: '2024-02-30' },
          effectiveAt: 'yesterday',
          colour: 'red',
        }),
        ['planId', 'description', 'owner', 'due', 'effectiveAt', 'colour'],
      ],
    ];

    it.each(creations)('%s', async (_, path, body, fields) => {
      const response = await expectNothingAppended(api, () => post(path(fixtures), body(fixtures)));
      expectProblem(response, 400, fields);
    });

    const updates: [name: string, verb: UpdateVerb, body: (ids: Ids) => Body, fields: string[]][] = [
      ['reassign: wrong types', 'reassign', () => ({ to: 3, reason: ['why'] }), ['to', 'reason']],
      ['reassign: to empty, reason missing', 'reassign', () => ({ to: '' }), ['to', 'reason']],
      [
        'reassign: to over 200, reason over 2000',
        'reassign',
        () => ({ to: long(201), reason: long(2001) }),
        ['to', 'reason'],
      ],
      ['status: bad colour', 'status', () => ({ to: 'purple', reason: 'x' }), ['to']],
      ['status: "r" is not a colour', 'status', () => ({ to: 'r', reason: 'x' }), ['to']],
      ['status: empty reason', 'status', () => ({ to: 'red', reason: '' }), ['reason']],
      ['status: blank reason', 'status', () => ({ to: 'red', reason: '  \n ' }), ['reason']],
      ['status: reason over 2000', 'status', () => ({ to: 'red', reason: long(2001) }), ['reason']],
      [
        'status: all at once',
        'status',
        () => ({ to: 'Completed', reason: long(2001), effectiveAt: '2019-13-01T00:00:00Z', actor: 'HoS' }),
        ['to', 'reason', 'effectiveAt', 'actor'],
      ],
      [
        'due-date: impossible date',
        'due-date',
        () => ({ to: { kind: 'date', date: '2024-02-30' }, reason: 'x' }),
        ['to'],
      ],
      ['due-date: a bare string', 'due-date', () => ({ to: 'May-24', reason: 'x' }), ['to']],
      ['due-date: empty text', 'due-date', () => ({ to: { kind: 'text', text: '' }, reason: 'x' }), ['to']],
      ['amend: changes not an object', 'amend', () => ({ changes: 'description', reason: 'x' }), ['changes']],
      [
        'amend: empty description, wrong type of theme',
        'amend',
        () => ({ changes: { description: '', theme: 4 }, reason: 'x' }),
        ['changes.description', 'changes.theme'],
      ],
      [
        'amend: the action itself emptied',
        'amend',
        () => ({ changes: { description: null }, reason: 'x' }),
        ['changes.description'],
      ],
      ['amend: missing reason', 'amend', () => ({ changes: { theme: 'Neglect' } }), ['reason']],
      ['retain: reason over 2000', 'retain', () => ({ reason: long(2001) }), ['reason']],
      ['complete: reason of the wrong type', 'complete', () => ({ reason: 42 }), ['reason']],
      ['reopen: bad status, no reason', 'reopen', () => ({ status: 'purple' }), ['status', 'reason']],
      ['carry-forward: wrong type of toPlanId', 'carry-forward', () => ({ toPlanId: 7 }), ['toPlanId']],
      ['carry-forward: missing toPlanId', 'carry-forward', () => ({ reason: 'x' }), ['toPlanId']],
      ['withdraw: missing reason', 'withdraw', () => ({}), ['reason']],
      ['withdraw: empty reason', 'withdraw', () => ({ reason: '' }), ['reason']],
      ['comments: empty text', 'comments', () => ({ text: '' }), ['text']],
      ['comments: text over 10000', 'comments', () => ({ text: long(10_001) }), ['text']],
      ['comments: wrong type', 'comments', () => ({ text: { body: 'x' } }), ['text']],
      ['evidence: bad kind', 'evidence', () => updateRequest('evidence', { kind: 'photo' }), ['kind']],
      ['evidence: impossible date', 'evidence', () => updateRequest('evidence', { date: '2024-02-30' }), ['date']],
      ['evidence: title over 500', 'evidence', () => updateRequest('evidence', { title: long(501) }), ['title']],
      [
        'evidence: bad location kind',
        'evidence',
        () => updateRequest('evidence', { location: { kind: 'ftp', url: 'ftp://x' } }),
        ['location'],
      ],
      [
        'evidence: link without url',
        'evidence',
        () => updateRequest('evidence', { location: { kind: 'link' } }),
        ['location'],
      ],
      ['evidence: sha256 not hex', 'evidence', () => updateRequest('evidence', { sha256: 'not-a-hash' }), ['sha256']],
      ['evidence: missing everything', 'evidence', () => ({}), ['title', 'kind', 'location', 'date']],
      [
        'evidence: all at once',
        'evidence',
        () => ({ title: '', kind: 'photo', location: 'here', date: '2024-02-30', sha256: 5 }),
        ['title', 'kind', 'location', 'date', 'sha256'],
      ],
    ];

    it.each(updates)('%s', async (_, verb, body, fields) => {
      const action = await actionFor(verb);
      const response = await expectNothingAppended(api, () =>
        postUpdate(api, action.id, verb, body(fixtures), action.revision),
      );
      expectProblem(response, 400, fields);
    });

    it('exactly at the limits is accepted: title 500, owner 200, reason 2000, comment 10000', async () => {
      expect((await post('/sources', sourceRequest({ title: long(500) }))).status).toBe(201);
      expect((await post('/plans', planRequest({ title: long(500), owner: long(200) }))).status).toBe(201);
      let action = await createAction(api, { planId: fixtures.planId, sourceId: fixtures.sourceId, owner: long(200) });
      action = await applyUpdate(api, action, 'reassign', { to: 'y'.repeat(200), reason: long(2000) });
      action = await applyUpdate(api, action, 'comments', { text: long(10_000) });
      expect(action.revision).toBe(2);
    });
  });

  describe('bodies that are not JSON objects', () => {
    it('malformed JSON: 400 on a creation and on an update, nothing appended', async () => {
      const action = await createAction(api, { planId: fixtures.planId, sourceId: fixtures.sourceId });
      const creation = await expectNothingAppended(api, () =>
        api.http
          .post('/sources')
          .set(manager())
          .set('Content-Type', 'application/json')
          .send('{"kind": "other", "title": '),
      );
      expectProblem(creation, 400);
      const update = await expectNothingAppended(api, () =>
        api.http
          .post(`/actions/${action.id}/status`)
          .set(manager())
          .set('If-Match', '"0"')
          .set('Content-Type', 'application/json')
          .send("{to: 'red', reason: 'x'}"),
      );
      expectProblem(update, 400);
    });

    it('a body over 1 MB: 413 on a creation and on an update, nothing appended', async () => {
      const action = await createAction(api, { planId: fixtures.planId, sourceId: fixtures.sourceId });
      const huge = long(1_100_000);
      const creation = await expectNothingAppended(api, () => post('/sources', sourceRequest({ title: huge })));
      expectProblem(creation, 413);
      const update = await expectNothingAppended(api, () => postUpdate(api, action.id, 'comments', { text: huge }, 0));
      expectProblem(update, 413);
    });
  });

  describe('what the path names', () => {
    it.each(UPDATE_VERBS.map((verb) => [verb]))('%s on an unknown action id: 404, nothing appended', async (verb) => {
      const response = await expectNothingAppended(api, () => postUpdate(api, randomUUID(), verb, valid(verb), 0));
      expectProblem(response, 404);
    });

    it.each(
      UPDATE_VERBS.flatMap((verb) => ['not-an-id', '12345', 'action-1', `${randomUUID()}x`].map((id) => [verb, id])),
    )('%s on a malformed action id %s: 404, nothing appended', async (verb, id) => {
      const response = await expectNothingAppended(api, () =>
        postUpdate(api, id, verb as UpdateVerb, valid(verb as UpdateVerb), 0),
      );
      expectProblem(response, 404);
    });

    it('a recommendation of an unknown source: 404, nothing appended', async () => {
      const response = await expectNothingAppended(api, () =>
        post(`/sources/${randomUUID()}/recommendations`, recommendationRequest()),
      );
      expectProblem(response, 404);
    });

    it('a recommendation of a malformed source id: 404, nothing appended', async () => {
      const response = await expectNothingAppended(api, () =>
        post('/sources/ofsted-2016/recommendations', recommendationRequest()),
      );
      expectProblem(response, 404);
    });

    it("a recommendation whose source id is a plan's: 404", async () => {
      const response = await expectNothingAppended(api, () =>
        post(`/sources/${fixtures.planId}/recommendations`, recommendationRequest()),
      );
      expectProblem(response, 404);
    });

    it("an update whose action id is a plan's: 404", async () => {
      const response = await expectNothingAppended(api, () =>
        postUpdate(api, fixtures.planId, 'status', valid('status'), 0),
      );
      expectProblem(response, 404);
    });
  });

  describe('POST /actions naming what does not exist: 400 naming the field', () => {
    it('an unknown planId', async () => {
      const response = await expectNothingAppended(api, () =>
        post('/actions', actionRequest(randomUUID(), fixtures.sourceId)),
      );
      expectProblem(response, 400, ['planId']);
    });

    it('an unknown sourceId', async () => {
      const response = await expectNothingAppended(api, () =>
        post('/actions', actionRequest(fixtures.planId, randomUUID())),
      );
      expectProblem(response, 400, ['sourceId']);
    });

    it('an unknown recommendationId', async () => {
      const response = await expectNothingAppended(api, () =>
        post('/actions', actionRequest(fixtures.planId, fixtures.sourceId, { recommendationId: randomUUID() })),
      );
      expectProblem(response, 400, ['recommendationId']);
    });

    it("a planId that is a source's id", async () => {
      const response = await expectNothingAppended(api, () =>
        post('/actions', actionRequest(fixtures.sourceId, fixtures.sourceId)),
      );
      expectProblem(response, 400, ['planId']);
    });

    it('malformed ids', async () => {
      const response = await expectNothingAppended(api, () =>
        post('/actions', actionRequest('plan-2024', 'ofsted', { recommendationId: 'rec 1' })),
      );
      expectProblem(response, 400, ['planId', 'sourceId', 'recommendationId']);
    });

    it('a valid recommendation is accepted (control)', async () => {
      const recommendation = await createRecommendation(api, { sourceId: fixtures.sourceId });
      expect(
        (
          await post(
            '/actions',
            actionRequest(fixtures.planId, fixtures.sourceId, { recommendationId: recommendation.id }),
          )
        ).status,
      ).toBe(201);
    });
  });

  describe('If-Match on updates', () => {
    it.each(UPDATE_VERBS.map((verb) => [verb]))('%s without If-Match: 428, nothing appended', async (verb) => {
      const action = await actionFor(verb);
      const response = await expectNothingAppended(api, () => postUpdate(api, action.id, verb, valid(verb), null));
      expectProblem(response, 428);
    });

    it.each(UPDATE_VERBS.map((verb) => [verb]))(
      '%s with a stale If-Match: 409 with currentRevision and the current ETag, nothing appended',
      async (verb) => {
        let action = await actionFor(verb);
        action = await applyUpdate(api, action, 'comments', { text: 'A change the client has not seen.' });
        const response = await expectNothingAppended(api, () =>
          postUpdate(api, action.id, verb, valid(verb), action.revision - 1),
        );
        expectProblem(response, 409);
        expect(response.body.currentRevision).toBe(action.revision);
        expect(response.headers.etag).toBe(`"${action.revision}"`);
      },
    );

    it('an If-Match ahead of the action: 409 with currentRevision', async () => {
      const action = await createAction(api, { planId: fixtures.planId, sourceId: fixtures.sourceId });
      const response = await expectNothingAppended(api, () => postUpdate(api, action.id, 'status', valid('status'), 7));
      expectProblem(response, 409);
      expect(response.body.currentRevision).toBe(0);
      expect(response.headers.etag).toBe('"0"');
    });

    it.each(['abc', '"one"', '"1", "2"', '"-1"', '""'])(
      'a malformed If-Match %s: 400, nothing appended',
      async (ifMatch) => {
        const action = await createAction(api, { planId: fixtures.planId, sourceId: fixtures.sourceId });
        const response = await expectNothingAppended(api, () =>
          postUpdate(api, action.id, 'status', valid('status'), ifMatch),
        );
        expectProblem(response, 400, ['If-Match']);
      },
    );

    it.each(UPDATE_VERBS.map((verb) => [verb]))('%s with a malformed If-Match: 400, nothing appended', async (verb) => {
      const action = await actionFor(verb);
      const response = await expectNothingAppended(api, () => postUpdate(api, action.id, verb, valid(verb), 'latest'));
      expectProblem(response, 400, ['If-Match']);
    });

    it('the ETag of a 409 is good to retry with', async () => {
      let action = await createAction(api, { planId: fixtures.planId, sourceId: fixtures.sourceId });
      action = await applyUpdate(api, action, 'status', { to: 'green' });
      const stale = await postUpdate(api, action.id, 'status', { to: 'red', reason: 'Stuck' }, 0);
      expect(stale.status).toBe(409);
      const retried = await postUpdate(
        api,
        action.id,
        'status',
        { to: 'red', reason: 'Stuck' },
        stale.headers.etag as string,
      );
      expect(retried.status).toBe(200);
      expect(retried.headers.etag).toBe('"2"');
    });
  });

  describe('Idempotency-Key format', () => {
    it.each([['a key with spaces'], [long(256)], ['é']])(
      'a malformed Idempotency-Key (%#): 400, nothing appended',
      async (key) => {
        const response = await expectNothingAppended(api, () =>
          api.http.post('/sources').set(manager()).set('Idempotency-Key', key).send(sourceRequest()),
        );
        expectProblem(response, 400);
      },
    );
  });

  describe('domain refusals append nothing either', () => {
    it('retain before complete: 409', async () => {
      const action = await createAction(api, { planId: fixtures.planId, sourceId: fixtures.sourceId });
      const response = await expectNothingAppended(api, () => postUpdate(api, action.id, 'retain', {}, 0));
      expectProblem(response, 409);
    });

    it('a withdrawn action: 409 for every verb', async () => {
      const action = await applyUpdate(api, await createSourceAndAction(), 'withdraw');
      for (const verb of UPDATE_VERBS) {
        const response = await expectNothingAppended(api, () =>
          postUpdate(api, action.id, verb, valid(verb), action.revision),
        );
        expectProblem(response, 409);
      }
    });

    const createSourceAndAction = async () =>
      createAction(api, { planId: fixtures.planId, sourceId: (await createSource(api)).id });
  });
  describe('a failure on our side', () => {
    it('is a 500 that leaks nothing: to a browser the GOV.UK error page, to the API a problem document, neither with the error', async () => {
      // A reader failing as a broken database would: the message and stack must stay in the log.
      const readModels = api.oversight.app.get(ChildDataReadModels);
      const secret = 'relation "rm_plans_secret" does not exist at /srv/oversight/dist/read.js:42';
      const original = readModels.as;
      Object.defineProperty(readModels, 'as', {
        value: (reading: ChildDataReading | null) =>
          Object.assign(Object.create(original.call(readModels, reading)) as ReadModels, {
            planList: () => Promise.reject(new Error(secret)),
          }),
        configurable: true,
      });
      try {
        const page = await api.http.get('/plans').set(bearer(api.keys.inspector)).set('Accept', 'text/html');
        expect(page.status).toBe(500);
        expect(page.headers['content-type']).toMatch(/^text\/html/);
        expect(page.text).toContain('Sorry, there is a problem with the service');
        for (const leak of ['rm_plans_secret', '/srv/oversight', 'Error:', 'read.js'])
          expect(page.text).not.toContain(leak);

        const json = await api.http.get('/plans').set(bearer(api.keys.inspector));
        expect(json.status).toBe(500);
        expect(JSON.stringify(json.body)).not.toContain('rm_plans_secret');
        expect(json.body).toMatchObject({ status: 500 });
      } finally {
        Object.defineProperty(readModels, 'as', { value: original, configurable: true });
      }
      expect((await api.http.get('/plans').set(bearer(api.keys.inspector))).status).toBe(200);
    });
  });
});
