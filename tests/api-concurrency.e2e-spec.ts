import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { bearer, startApi, type ApiUnderTest } from './support/api-harness.js';
import {
  actionEvents,
  actionRequest,
  allEvents,
  createAction,
  createPlan,
  createSource,
  eventCount,
  expectNothingAppended,
  expectProblem,
  postUpdate,
  sourceRequest,
  type Body,
  type UpdateVerb,
} from './support/api-builders.js';

/** Optimistic concurrency under load, and Idempotency-Key retries, sequential and racing. */
describe('command API: concurrency and idempotency', () => {
  let api: ApiUnderTest;
  let planId: string;
  let sourceId: string;

  beforeAll(async () => {
    api = await startApi();
    planId = (await createPlan(api)).id;
    sourceId = (await createSource(api)).id;
  });
  afterAll(async () => {
    await api?.close();
  });

  const newAction = () => createAction(api, { planId, sourceId });
  /** What a client sees of a response: status, ETag and body. */
  const summary = (response: { status: number; headers: Record<string, string>; body: unknown }) => ({
    status: response.status,
    etag: response.headers.etag,
    body: response.body,
  });
  const withKey = (key: string, verb: UpdateVerb, actionId: string, body: Body, ifMatch: number) =>
    postUpdate(api, actionId, verb, body, ifMatch).set('Idempotency-Key', key);

  describe('20 parallel status changes with the same If-Match', () => {
    it('one 200, nineteen 409 with currentRevision, one RagStatusChanged appended', async () => {
      const action = await newAction();
      const colours = ['red', 'amber', 'green'] as const;
      const requests = Array.from({ length: 20 }, (_, index) => ({
        to: colours[index % colours.length],
        reason: `Request ${index + 1}: status reviewed at DLT`,
      }));
      const before = await eventCount(api);

      const responses = await Promise.all(requests.map((body) => postUpdate(api, action.id, 'status', body, 0)));

      const statuses = responses.map((response) => response.status).sort();
      expect(statuses).toEqual([200, ...Array(19).fill(409)]);
      const winnerIndex = responses.findIndex((response) => response.status === 200);
      const winner = responses[winnerIndex]!;
      expect(winner.body).toMatchObject({ id: action.id, revision: 1, events: ['RagStatusChanged'] });
      expect(winner.headers.etag).toBe('"1"');
      for (const loser of responses.filter((response) => response.status === 409)) {
        expectProblem(loser, 409);
        expect(loser.body.currentRevision).toBe(1);
        expect(loser.headers.etag).toBe('"1"');
      }

      expect(await eventCount(api)).toBe(before + 1);
      const events = await actionEvents(api, action.id);
      expect(events.map((event) => event.type)).toEqual(['ActionCreated', 'RagStatusChanged']);
      // The one stored is the winner's, data and reason together.
      expect(events[1]!.data).toEqual({ from: null, to: requests[winnerIndex]!.to });
      expect(events[1]!.metadata.reason).toBe(requests[winnerIndex]!.reason);
    });

    it('twenty retried with the ETag each 409 gives: all land in the end, one append at a time', async () => {
      const action = await newAction();
      const colours = ['red', 'amber', 'green'] as const;
      let pending = Array.from({ length: 20 }, (_, index) => ({
        to: colours[index % colours.length],
        reason: `Attempt ${index + 1}`,
      }));
      let revision = 0;
      let changed = 0;
      for (let round = 0; pending.length > 0 && round < 25; round += 1) {
        const responses = await Promise.all(
          pending.map((body) => postUpdate(api, action.id, 'status', body, revision)),
        );
        const ok = responses.filter((response) => response.status === 200);
        // At least one lands each round; of those, one at most appends (the others asked for the colour it already had).
        expect(ok.length).toBeGreaterThan(0);
        expect(ok.filter((response) => response.body.events.length > 0).length).toBeLessThanOrEqual(1);
        for (const response of responses.filter((response) => response.status !== 200)) {
          expect(response.status).toBe(409);
          expect(response.headers.etag).toBe(`"${response.body.currentRevision}"`);
        }
        changed += ok.reduce((sum, response) => sum + response.body.events.length, 0);
        revision = Math.max(...ok.map((response) => response.body.revision as number));
        pending = pending.filter((_, index) => responses[index]!.status !== 200);
      }
      expect(pending).toEqual([]);
      expect((await actionEvents(api, action.id)).length).toBe(1 + changed);
    });

    it('parallel changes to different actions all land', async () => {
      const actions = await Promise.all(Array.from({ length: 10 }, () => newAction()));
      const responses = await Promise.all(
        actions.map((action) => postUpdate(api, action.id, 'status', { to: 'green', reason: 'On track' }, 0)),
      );
      expect(responses.map((response) => response.status)).toEqual(Array(10).fill(200));
      for (const action of actions)
        expect((await actionEvents(api, action.id)).map((event) => event.type)).toEqual([
          'ActionCreated',
          'RagStatusChanged',
        ]);
    });
  });

  describe('Idempotency-Key', () => {
    it('a retried status change returns the first response (status, body, ETag, Idempotent-Replayed) and appends nothing', async () => {
      const action = await newAction();
      const key = randomUUID();
      const body = { to: 'amber', reason: 'More work needed' };
      const first = await withKey(key, 'status', action.id, body, 0);
      expect(first.status).toBe(200);
      expect(first.headers.etag).toBe('"1"');
      expect(first.body).toMatchObject({ id: action.id, revision: 1, events: ['RagStatusChanged'] });
      expect(first.headers['idempotent-replayed']).toBeUndefined();

      for (let attempt = 0; attempt < 3; attempt += 1) {
        const retry = await expectNothingAppended(api, () => withKey(key, 'status', action.id, body, 0));
        expect(retry.status).toBe(200);
        expect(retry.body).toEqual(first.body);
        expect(retry.headers.etag).toBe('"1"');
        expect(retry.headers['idempotent-replayed']).toBe('true');
      }
      expect((await actionEvents(api, action.id)).map((event) => event.type)).toEqual([
        'ActionCreated',
        'RagStatusChanged',
      ]);
    });

    it('a retry is answered as the first even after the action moved on', async () => {
      const action = await newAction();
      const key = randomUUID();
      const first = await withKey(key, 'status', action.id, { to: 'green', reason: 'On track' }, 0);
      expect(first.status).toBe(200);
      expect((await postUpdate(api, action.id, 'comments', { text: 'Later news.' }, 1)).status).toBe(201);
      const retry = await expectNothingAppended(api, () =>
        withKey(key, 'status', action.id, { to: 'green', reason: 'On track' }, 0),
      );
      expect(retry.status).toBe(200);
      expect(retry.body).toEqual(first.body);
      expect(retry.headers.etag).toBe('"1"');
    });

    it('a retry whose first answer was lost after its write (no idempotency record left) is answered from the store, not refused', async () => {
      const action = await newAction();
      const key = randomUUID();
      const first = await withKey(key, 'comments', action.id, { text: 'March: audit done.' }, 0);
      expect(first.status).toBe(201);
      // As when the connection dropped after the commit: the 503 let the key go, the events stayed.
      await api.oversight.readDatabase.query('DELETE FROM oversight_idempotency_records WHERE key = $1', [key]);
      const retry = await expectNothingAppended(api, () =>
        withKey(key, 'comments', action.id, { text: 'March: audit done.' }, 0),
      );
      expect({ status: retry.status, body: retry.body }).toEqual({ status: 201, body: first.body });
    });

    it('a retried creation returns the same id, 201, ETag and Location, and creates one action', async () => {
      const key = randomUUID();
      const body = actionRequest(planId, sourceId, { description: 'Idempotent creation' });
      const first = await api.http
        .post('/actions')
        .set(bearer(api.keys.manager))
        .set('Idempotency-Key', key)
        .send(body);
      expect(first.status).toBe(201);
      const retry = await expectNothingAppended(api, () =>
        api.http.post('/actions').set(bearer(api.keys.manager)).set('Idempotency-Key', key).send(body),
      );
      expect(retry.status).toBe(201);
      expect(retry.body).toEqual(first.body);
      expect(retry.headers.etag).toBe(first.headers.etag);
      expect(retry.headers.location).toBe(first.headers.location);
      expect(retry.headers['idempotent-replayed']).toBe('true');
      const created = (await allEvents(api)).filter(
        (event) => event.type === 'ActionCreated' && event.data.description === 'Idempotent creation',
      );
      expect(created).toHaveLength(1);
    });

    it('a retried comment returns the same commentId and adds one comment', async () => {
      const action = await newAction();
      const key = randomUUID();
      const first = await withKey(key, 'comments', action.id, { text: 'April: retried on a flaky network.' }, 0);
      expect(first.status).toBe(201);
      const retry = await expectNothingAppended(api, () =>
        withKey(key, 'comments', action.id, { text: 'April: retried on a flaky network.' }, 0),
      );
      expect(retry.status).toBe(201);
      expect(retry.body).toEqual(first.body);
      expect(retry.body.commentId).toBe(first.body.commentId);
      expect(retry.headers['idempotent-replayed']).toBe('true');
      expect((await actionEvents(api, action.id)).map((event) => event.type)).toEqual([
        'ActionCreated',
        'CommentAdded',
      ]);
    });

    it('5 identical requests in parallel with one key: one append, and every response carries the same body', async () => {
      const action = await newAction();
      const key = randomUUID();
      const body = { to: 'red', reason: 'Stuck: waiting for the audit tool' };
      const before = await eventCount(api);
      const responses = await Promise.all(Array.from({ length: 5 }, () => withKey(key, 'status', action.id, body, 0)));
      expect(await eventCount(api)).toBe(before + 1);
      expect((await actionEvents(api, action.id)).map((event) => event.type)).toEqual([
        'ActionCreated',
        'RagStatusChanged',
      ]);
      const first = {
        status: 200,
        etag: '"1"',
        body: {
          id: action.id,
          revision: 1,
          position: (await actionEvents(api, action.id))[1]!.position,
          events: ['RagStatusChanged'],
        },
      };
      expect(responses.map(summary)).toEqual(Array(5).fill(first));
    });

    it('5 identical creations in parallel with one key: one action, and every response carries the same body', async () => {
      const key = randomUUID();
      const body = actionRequest(planId, sourceId, { description: 'Parallel idempotent creation' });
      const responses = await Promise.all(
        Array.from({ length: 5 }, () =>
          api.http.post('/actions').set(bearer(api.keys.manager)).set('Idempotency-Key', key).send(body),
        ),
      );
      const created = (await allEvents(api)).filter(
        (event) => event.type === 'ActionCreated' && event.data.description === 'Parallel idempotent creation',
      );
      expect(created).toHaveLength(1);
      const first = {
        status: 201,
        etag: '"0"',
        body: { id: created[0]!.data.actionId, revision: 0, position: created[0]!.position, events: ['ActionCreated'] },
      };
      expect(responses.map(summary)).toEqual(Array(5).fill(first));
    });

    it('5 identical comments in parallel with one key: one comment, the same body each time', async () => {
      const action = await newAction();
      const key = randomUUID();
      const responses = await Promise.all(
        Array.from({ length: 5 }, () =>
          withKey(key, 'comments', action.id, { text: 'Sent five times by a retrying client.' }, 0),
        ),
      );
      const events = await actionEvents(api, action.id);
      expect(events.map((event) => event.type)).toEqual(['ActionCreated', 'CommentAdded']);
      const first = {
        status: 201,
        etag: '"1"',
        body: {
          id: action.id,
          revision: 1,
          position: events[1]!.position,
          events: ['CommentAdded'],
          commentId: events[1]!.data.commentId,
        },
      };
      expect(responses.map(summary)).toEqual(Array(5).fill(first));
    });

    it('the same key with a different body: 422, nothing appended', async () => {
      const action = await newAction();
      const key = randomUUID();
      expect((await withKey(key, 'status', action.id, { to: 'amber', reason: 'More work needed' }, 0)).status).toBe(
        200,
      );
      const response = await expectNothingAppended(api, () =>
        withKey(key, 'status', action.id, { to: 'red', reason: 'More work needed' }, 1),
      );
      expectProblem(response, 422);
    });

    it('the same key on a different endpoint: 422, nothing appended', async () => {
      const key = randomUUID();
      expect(
        (
          await api.http
            .post('/sources')
            .set(bearer(api.keys.manager))
            .set('Idempotency-Key', key)
            .send(sourceRequest())
        ).status,
      ).toBe(201);
      const action = await newAction();
      const response = await expectNothingAppended(api, () =>
        withKey(key, 'comments', action.id, { text: 'Reused key' }, 0),
      );
      expectProblem(response, 422);
    });

    it('the same key with a different creation body: 422, nothing appended', async () => {
      const key = randomUUID();
      expect(
        (
          await api.http
            .post('/sources')
            .set(bearer(api.keys.manager))
            .set('Idempotency-Key', key)
            .send(sourceRequest({ title: 'First' }))
        ).status,
      ).toBe(201);
      const response = await expectNothingAppended(api, () =>
        api.http
          .post('/sources')
          .set(bearer(api.keys.manager))
          .set('Idempotency-Key', key)
          .send(sourceRequest({ title: 'Second' })),
      );
      expectProblem(response, 422);
    });

    it('different keys are different requests: each appends', async () => {
      const action = await newAction();
      const first = await withKey(randomUUID(), 'comments', action.id, { text: 'Same words.' }, 0);
      const second = await withKey(randomUUID(), 'comments', action.id, { text: 'Same words.' }, 1);
      expect([first.status, second.status]).toEqual([201, 201]);
      expect(second.body.commentId).not.toBe(first.body.commentId);
      expect((await actionEvents(api, action.id)).map((event) => event.type)).toEqual([
        'ActionCreated',
        'CommentAdded',
        'CommentAdded',
      ]);
    });
  });
});
