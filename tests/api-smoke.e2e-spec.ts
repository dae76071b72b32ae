import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { bearer, startApi, type ApiUnderTest } from './support/api-harness.js';

describe('API smoke', () => {
  let api: ApiUnderTest;
  beforeAll(async () => {
    api = await startApi();
  });
  afterAll(async () => {
    await api?.close();
  });

  it('registers a source', async () => {
    const response = await api.http
      .post('/sources')
      .set(bearer(api.keys.manager))
      .send({ kind: 'ofsted-inspection', title: 'ILACS July 2016', date: '2016-07-15' });
    expect(response.status).toBe(201);
    expect(response.headers.etag).toBe('"0"');
    expect(response.body).toMatchObject({ revision: 0, events: ['SourceRegistered'] });
    const [event] = await api.store.readStream(`source-${response.body.id}`);
    expect(event!.metadata.actor).toMatchObject({ name: 'test manager', role: 'manager' });
  });
});
