import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { IdempotencyExpiry } from '../apps/api/src/http/idempotency-expiry.js';
import { allEvents, sourceRequest } from './support/api-builders.js';
import { bearer, startApi, type ApiUnderTest } from './support/api-harness.js';

/**
 * Idempotency records are kept IDEMPOTENCY_KEEP_HOURS, then purged: a retry after that runs again
 * and still appends nothing (the key is also the command's id).
 */
describe('idempotency records expire', () => {
  let api: ApiUnderTest;
  beforeAll(async () => {
    api = await startApi({ IDEMPOTENCY_KEEP_HOURS: '1' });
  });
  afterAll(async () => {
    await api?.close();
  });
  const send = (key: string) =>
    api.http.post('/sources').set(bearer(api.keys.manager)).set('Idempotency-Key', key).send(sourceRequest());
  const records = async (key: string) =>
    (
      await api.oversight.readDatabase.query<{ n: number }[]>(
        'SELECT count(*)::int AS n FROM oversight_idempotency_records WHERE key = $1',
        [key],
      )
    )[0]!.n;

  it('purges a record older than the setting, keeps a newer one; the retry after the purge appends nothing', async () => {
    const old = `old-${Date.now()}`;
    const recent = `recent-${Date.now()}`;
    const first = await send(old);
    expect(first.status).toBe(201);
    expect((await send(recent)).status).toBe(201);
    expect((await send(old)).headers['idempotent-replayed']).toBe('true');
    await api.oversight.readDatabase.query(
      "UPDATE oversight_idempotency_records SET created_at = now() - interval '2 hours' WHERE key = $1",
      [old],
    );
    const purged = await api.oversight.app.get(IdempotencyExpiry).purge();
    expect(purged).toBe(1);
    expect({ old: await records(old), recent: await records(recent) }).toEqual({ old: 0, recent: 1 });

    const eventsBefore = (await allEvents(api)).length;
    const retried = await send(old);
    expect(retried.status).toBe(201);
    expect(retried.headers['idempotent-replayed']).toBeUndefined();
    expect(retried.body.id).toBe(first.body.id);
    expect((await allEvents(api)).length).toBe(eventsBefore);
  });
});
