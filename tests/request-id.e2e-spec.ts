import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { allEvents, sourceRequest } from './support/api-builders.js';
import { bearer, startApi, type ApiUnderTest } from './support/api-harness.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** X-Request-Id (issue #22): a client's UUID is kept, anything else replaced by a new one; echoed on every response; the events' correlation id. */
describe('X-Request-Id', () => {
  let api: ApiUnderTest;
  beforeAll(async () => {
    api = await startApi();
  });
  afterAll(async () => {
    await api?.close();
  });

  const write = (headers: Record<string, string>) =>
    api.http.post('/sources').set(bearer(api.keys.manager)).set(headers).send(sourceRequest());
  const correlationOf = async (id: string) =>
    (await allEvents(api)).find((event) => event.streamId === `source-${id}`)!.metadata.correlationId;

  it('keeps a UUID the client sends: echoed, and the correlation id of the events its write appends', async () => {
    const sent = randomUUID();
    const response = await write({ 'X-Request-Id': sent.toUpperCase() });
    expect(response.status).toBe(201);
    expect(response.headers['x-request-id']).toBe(sent);
    expect(await correlationOf(response.body.id)).toBe(sent);
  });

  it.each([
    ['not a UUID', 'hello'],
    ['hostile text', '<script>alert(1)</script>'],
    ['too long', `${randomUUID()}${'x'.repeat(500)}`],
  ])('replaces %s with a new UUID, echoed and recorded', async (_, sent) => {
    const response = await write({ 'X-Request-Id': sent });
    expect(response.status).toBe(201);
    const echoed = response.headers['x-request-id'];
    expect(echoed).toMatch(UUID);
    expect(await correlationOf(response.body.id)).toBe(echoed);
  });

  it('gives one when none is sent, on every response: reads, errors, health', async () => {
    const written = await write({});
    expect(written.headers['x-request-id']).toMatch(UUID);
    expect(await correlationOf(written.body.id)).toBe(written.headers['x-request-id']);
    for (const response of [
      await api.http.get('/health'),
      await api.http.get('/sources').set(bearer(api.keys.manager)),
      await api.http.get('/sources'),
      await api.http.post('/sources').set(bearer(api.keys.manager)).send({}),
    ]) {
      expect(response.headers['x-request-id']).toMatch(UUID);
    }
  });
});
