import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import type { AppendOptions, EventStore } from '../event-store.port.js';
import { embeddedBackend, postgresBackend, type StoreUnderTest } from '../testing/event-store-backends.js';
import { verifyChain } from '../verify/verify-chain.js';
import { linkOf, type EventChain } from './chain-link.js';
import { ChainSealer } from './chain-sealer.js';

const actor = { id: 'key-1', name: 'Tester', role: 'manager' };
const api = (): AppendOptions => ({ expectedRevision: 'any', actor, origin: 'api' });

/** Resolves once `sealer` has sealed up to the store's head (or fails after 30 s). */
async function sealedToHead(store: EventStore, ...sealers: ChainSealer[]): Promise<void> {
  const head = await store.headPosition();
  const until = Date.now() + 30_000;
  while (!sealers.some((sealer) => sealer.sealedPosition >= head)) {
    if (Date.now() > until) throw new Error(`not sealed to ${head} within 30 s`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

for (const backend of [embeddedBackend, postgresBackend]) {
  const describeBackend = backend.skipReason ? describe.skip : describe;
  describeBackend(`the global chain: ${backend.name}`, () => {
    let subject: StoreUnderTest;
    let store: EventStore;
    let chain: EventChain;

    beforeAll(async () => {
      subject = await backend.open();
      store = subject.store;
      chain = store.chain!;
    });
    afterAll(async () => {
      await subject?.dispose();
    });

    it('a sealer links every event in global order, following appends side by side, and verify holds', async () => {
      const streams = [0, 1, 2].map((n) => `chain-${n}-${randomUUID()}`);
      await Promise.all(streams.map((id) => store.append(id, [{ type: 'A', data: {} }], api())));
      const sealer = new ChainSealer(store, chain, { log: () => undefined });
      await sealer.start();
      try {
        await sealedToHead(store, sealer);
        // More while it runs, several at once and one of many events.
        await Promise.all([
          ...streams.map((id) => store.append(id, [{ type: 'B', data: { n: 1 } }], api())),
          store.appendMany(
            streams.map((id) => ({
              streamId: id,
              expectedRevision: 'any' as const,
              events: [{ type: 'C', data: {} }],
            })),
            { actor, origin: 'api' },
          ),
        ]);
        await sealedToHead(store, sealer);
      } finally {
        await sealer.stop();
      }
      const events = (await store.readAll({ maxCount: 1000 })).events;
      const links = await chain.readLinks({ after: 0, maxCount: 1000 });
      let previous: string | null = null;
      const expected = events.map((event) => {
        const link = linkOf(event, previous);
        previous = link.linkHash;
        return link;
      });
      expect(links).toEqual(expected);
      const report = await verifyChain(store, chain);
      expect(report).toMatchObject({ events: 9, sealed: 9, unsealed: 0, firstBroken: null, missingTail: null });
    });

    it('two sealers at once (two service processes) extend one chain, each event once', async () => {
      const id = `chain-two-${randomUUID()}`;
      const sealers = [0, 1].map(() => new ChainSealer(store, chain, { log: () => undefined }));
      await Promise.all(sealers.map((sealer) => sealer.start()));
      try {
        for (let n = 0; n < 10; n += 1) await store.append(id, [{ type: 'A', data: { n } }], api());
        await sealedToHead(store, ...sealers);
      } finally {
        await Promise.all(sealers.map((sealer) => sealer.stop()));
      }
      const report = await verifyChain(store, chain);
      expect(report).toMatchObject({ events: 19, sealed: 19, unsealed: 0, firstBroken: null });
    });

    it('events not sealed yet are counted apart, not as tampering; a stopped sealer seals what committed', async () => {
      const id = `chain-late-${randomUUID()}`;
      await store.append(
        id,
        [
          { type: 'A', data: {} },
          { type: 'B', data: {} },
        ],
        api(),
      );
      expect(await verifyChain(store, chain)).toMatchObject({ unsealed: 2, firstBroken: null, missingTail: null });
      const sealer = new ChainSealer(store, chain, { log: () => undefined });
      await sealer.sealCommitted();
      expect(await verifyChain(store, chain)).toMatchObject({ events: 21, sealed: 21, unsealed: 0 });
    });

    it("names a stream's last event deleted after it was sealed, and the tail of the store deleted", async () => {
      const events = (await store.readAll({ maxCount: 1000 })).events;
      const [victim, last] = [events[4]!, events.at(-1)!];
      const client = await subject.connect!();
      const asSuperuser = async (statement: string, values: unknown[]) => {
        await client.query('BEGIN');
        await client.query('SET LOCAL session_replication_role = replica');
        await client.query(statement, values);
        await client.query('COMMIT');
      };
      const saved = (
        await client.query('SELECT * FROM oversight_events WHERE position IN ($1, $2)', [
          victim.position,
          last.position,
        ])
      ).rows;
      try {
        await asSuperuser('DELETE FROM oversight_events WHERE position IN ($1, $2)', [victim.position, last.position]);
        const report = await verifyChain(store, chain);
        expect(report.firstBroken).toMatchObject({
          position: victim.position,
          streamId: victim.streamId,
          revision: victim.revision,
          eventId: null,
          problem: expect.stringMatching(/sealed in the chain at this position is gone/),
        });
        expect(report.missingTail).toEqual({ from: last.position, to: last.position, count: 1 });
      } finally {
        await asSuperuser(
          'INSERT INTO oversight_events SELECT * FROM json_populate_recordset(NULL::oversight_events, $1)',
          [JSON.stringify(saved)],
        );
        await client.end();
      }
      expect((await verifyChain(store, chain)).firstBroken).toBeNull();
    });
  });
}
