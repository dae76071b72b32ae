import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createSource } from './support/api-builders.js';
import { startApi, type ApiUnderTest } from './support/api-harness.js';

/** Polls until `check` holds (the projector runs beside the requests), failing after `ms`. */
async function eventually<T>(what: string, read: () => Promise<T>, check: (value: T) => boolean, ms = 20_000) {
  const until = Date.now() + ms;
  for (;;) {
    const value = await read();
    if (check(value)) return value;
    if (Date.now() > until) throw new Error(`${what}: still ${JSON.stringify(value)}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/**
 * Liveness and readiness as an orchestrator probes them: liveness touches no database; readiness
 * says which store does not answer (the other still reported), gives lag from the store's last
 * position, and fails when the projector has been stuck on one event past PROJECTOR_STUCK_AFTER_MS,
 * naming the event. No database error text reaches the answer.
 */
describe('health: live and ready', () => {
  let api: ApiUnderTest;
  beforeAll(async () => {
    // Longer than the projector's 1 s retry: a batch that failed as a whole is retried one event
    // at a time before readiness judges it stuck, so the event named is the one that fails.
    api = await startApi({ PROJECTOR_STUCK_AFTER_MS: '3000' });
  });
  afterAll(async () => {
    await api?.close();
  });
  const ready = async () => {
    const response = await api.http.get('/health/ready');
    return { status: response.status, body: response.body, text: response.text };
  };

  it('answers /health/live without a key and without asking a database', async () => {
    const response = await api.http.get('/health/live');
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ status: 'ok' });
  });

  it("reports both stores and each projection's lag behind the store's last position", async () => {
    const written = await createSource(api);
    const head = await api.store.headPosition();
    expect(head).toBeGreaterThan(0);
    const settled = await eventually('projections caught up', ready, (answer) =>
      answer.body.projections?.every((projection: { lagPositions: number }) => projection.lagPositions === 0),
    );
    expect(written.id).toBeTruthy();
    expect(settled.status).toBe(200);
    expect(settled.body).toMatchObject({
      status: 'ok',
      eventStore: { backend: api.kind, reachable: true, lastPosition: head },
      readStore: { reachable: true },
      projector: { stuck: false, failingOn: null },
    });
    expect(
      settled.body.projections.map((projection: { name: string; checkpoint: number }) => projection.checkpoint),
    ).toEqual([head, head]);
    // /health is the same readiness answer.
    expect((await api.http.get('/health')).body).toMatchObject({ status: 'ok', readStore: { reachable: true } });
  });

  it('says the read store does not answer while the event store does: 503, no database text', async () => {
    const database = api.oversight.readDatabase;
    await database.query('ALTER TABLE rm_checkpoints RENAME TO rm_checkpoints_away');
    try {
      const answer = await ready();
      expect(answer.status).toBe(503);
      expect(answer.body).toMatchObject({
        status: 'unavailable',
        eventStore: { reachable: true },
        readStore: { reachable: false },
        projections: [],
      });
      expect(answer.text).not.toMatch(/rm_checkpoints|relation|does not exist/);
    } finally {
      await database.query('ALTER TABLE rm_checkpoints_away RENAME TO rm_checkpoints');
    }
    expect((await ready()).status).toBe(200);
  });

  it('fails readiness once the projector has been stuck on one event past the threshold, naming it; ready again once it passes', async () => {
    const database = api.oversight.readDatabase;
    const source = await createSource(api);
    // A read model that refuses one event's row: the projector fails on that event at every retry.
    const refused = `Improve the quality of supervision ${Date.now()}`;
    await database.query(`
      CREATE FUNCTION refuse_one_event() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NEW.data->>'text' = '${refused}' THEN RAISE EXCEPTION 'refused by the test'; END IF;
        RETURN NEW;
      END $$`);
    await database.query(
      'CREATE TRIGGER refuse_one_event BEFORE INSERT ON rm_audit_log FOR EACH ROW EXECUTE FUNCTION refuse_one_event()',
    );
    try {
      const response = await api.http
        .post(`/sources/${source.id}/recommendations`)
        .set({ Authorization: `Bearer ${api.keys.manager}` })
        .send({ text: refused, reference: 'R1', level: 'service' });
      expect(response.status).toBe(201);
      const head = await api.store.headPosition();
      const [event] = (await api.store.readAll({ after: head - 1, maxCount: 1 })).events;
      expect(event).toMatchObject({ type: 'RecommendationRecorded', data: { text: refused } });
      const stuck = await eventually('readiness failing', ready, (answer) => answer.status === 503);
      expect(stuck.body).toMatchObject({
        status: 'unavailable',
        eventStore: { reachable: true },
        readStore: { reachable: true },
        projector: {
          stuck: true,
          failingOn: {
            position: event!.position,
            eventId: event!.eventId,
            streamId: event!.streamId,
            type: event!.type,
          },
        },
      });
      expect(stuck.body.projector.failingOn.forSeconds).toBeGreaterThanOrEqual(3);
      expect(stuck.text).not.toContain('refused by the test');
    } finally {
      await database.query('DROP TRIGGER refuse_one_event ON rm_audit_log');
      await database.query('DROP FUNCTION refuse_one_event()');
    }
    const recovered = await eventually('ready again', ready, (answer) => answer.status === 200);
    expect(recovered.body.projector).toEqual({ stuck: false, failingOn: null });
  });
});
