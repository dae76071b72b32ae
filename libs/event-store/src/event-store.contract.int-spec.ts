import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { RecordedEvent } from './event-envelope.js';
import { EffectiveTimeInFutureError, WrongExpectedRevisionError } from './event-store.errors.js';
import { ANY, NO_STREAM, type AppendOptions, type EventStore } from './event-store.port.js';
import { allBackends, type StoreUnderTest } from './testing/event-store-backends.js';
import { checkLink, verifyEventStore } from './verify/verify-event-store.js';

const manager = { id: 'key-1', name: 'Rachel Green', role: 'manager' };
const api = (overrides: Partial<AppendOptions> = {}): AppendOptions => ({
  expectedRevision: ANY,
  actor: manager,
  origin: 'api',
  ...overrides,
});
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Waits until `check` holds, polling; fails with `what` after the bound. */
async function eventually(what: string, check: () => boolean, timeoutMs = 10_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > until) throw new Error(`Timed out waiting until ${what}`);
    await sleep(10);
  }
}

/** Every event after `after` that belongs to the given streams, read page by page. */
async function readAllOf(store: EventStore, streams: string[], after = 0, pageSize = 3): Promise<RecordedEvent[]> {
  const wanted = new Set(streams);
  const events: RecordedEvent[] = [];
  for (let position = after; ;) {
    const page = await store.readAll({ after: position, maxCount: pageSize });
    events.push(...page.events.filter((event) => wanted.has(event.streamId)));
    if (page.isEnd) return events;
    position = page.lastPosition;
  }
}

async function lastPosition(store: EventStore): Promise<number> {
  let position = 0;
  for (;;) {
    const page = await store.readAll({ after: position, maxCount: 1000 });
    position = page.lastPosition;
    if (page.isEnd) return position;
  }
}

for (const backend of allBackends) {
  const describeBackend = backend.skipReason ? describe.skip : describe;
  if (backend.skipReason) console.warn(`Event store contract on ${backend.name} skipped: ${backend.skipReason}`);

  describeBackend(`Event store contract: ${backend.name}`, () => {
    let subject: StoreUnderTest;
    let store: EventStore;
    const stream = (name: string) => `${name}-${randomUUID()}`;

    beforeAll(async () => {
      subject = await backend.open();
      store = subject.store;
    });
    afterAll(async () => {
      await subject?.dispose();
    });

    it('round-trips every envelope field', async () => {
      const id = stream('action');
      const eventId = randomUUID();
      const effectiveAt = new Date('2019-01-15T00:00:00.000Z');
      const before = Date.now();
      const result = await store.append(
        id,
        [
          {
            type: 'CommentAdded',
            eventId,
            schemaVersion: 2,
            data: { text: 'January: audit done', nested: { list: [1, 'two', null, true] } },
            effectiveAt,
          },
          { type: 'RagStatusChanged', data: { from: null, to: 'green' }, reason: 'first rating' },
        ],
        api({
          expectedRevision: NO_STREAM,
          reason: 'imported',
          origin: 'import:plan.xlsx#SDP!12',
          commandId: randomUUID(),
          correlationId: 'corr-1',
          causationId: 'cause-1',
        }),
      );
      expect(result).toMatchObject({ nextExpectedRevision: 1, duplicate: false });

      const events = await store.readStream(id);
      expect(events).toHaveLength(2);
      const [first, second] = events as [RecordedEvent, RecordedEvent];
      expect(first).toMatchObject({
        eventId,
        streamId: id,
        revision: 0,
        type: 'CommentAdded',
        schemaVersion: 2,
        data: { text: 'January: audit done', nested: { list: [1, 'two', null, true] } },
      });
      expect(first.metadata).toMatchObject({
        actor: manager,
        reason: 'imported',
        origin: 'import:plan.xlsx#SDP!12',
        correlationId: 'corr-1',
        causationId: 'cause-1',
      });
      expect(first.metadata.commandId).toEqual(expect.any(String));
      expect(first.metadata.effectiveAt.toISOString()).toBe(effectiveAt.toISOString());
      expect(first.metadata.recordedAt.getTime()).toBeGreaterThanOrEqual(before - 5_000);
      expect(first.metadata.recordedAt.getTime()).toBeLessThanOrEqual(Date.now() + 5_000);
      expect(first.hash).toMatch(/^[0-9a-f]{64}$/);
      // Defaults: schema version 1, effectiveAt = recordedAt, a per-event reason overrides the append's.
      expect(second).toMatchObject({ revision: 1, schemaVersion: 1, data: { from: null, to: 'green' } });
      expect(second.metadata.reason).toBe('first rating');
      expect(second.metadata.effectiveAt.getTime()).toBe(second.metadata.recordedAt.getTime());
      expect(second.position).toBe(result.position);
      expect(second.position).toBeGreaterThan(first.position);
      expect(second.hash).not.toBe(first.hash);

      const fromAll = await readAllOf(store, [id]);
      expect(fromAll).toEqual(events);
    });

    it('tells the events it appended exactly as a read gives them back (the PostgreSQL stores always tell)', async () => {
      const id = stream('action');
      await store.append(id, [{ type: 'ActionCreated', data: {} }], api({ expectedRevision: NO_STREAM }));
      const result = await store.append(
        id,
        [
          {
            type: 'CommentAdded',
            data: { text: 'January: audit done', nested: { list: [1, 'two', null, true] }, z: 1, a: 2 },
            effectiveAt: new Date('2019-01-15T00:00:00.000Z'),
          },
          { type: 'RagStatusChanged', data: { from: null, to: 'green' }, reason: 'first rating' },
        ],
        api({ expectedRevision: 0, commandId: randomUUID(), correlationId: 'corr-1' }),
      );
      if (store.backend !== 'eventstoredb') expect(result.recorded).toBeDefined();
      if (result.recorded) expect(result.recorded).toEqual(await store.readStream(id, { fromRevision: 1 }));
      expect(result.recorded?.at(-1)?.position ?? result.position).toBe(result.position);
    });

    it('refuses a stale or wrong expected revision with the expected and actual revisions', async () => {
      const id = stream('action');
      await store.append(id, [{ type: 'ActionCreated', data: {} }], api({ expectedRevision: NO_STREAM }));

      const attempts: [AppendOptions['expectedRevision'], number | null][] = [
        [NO_STREAM, 0],
        [1, 0],
        [5, 0],
      ];
      for (const [expected, actual] of attempts) {
        const error = await store
          .append(id, [{ type: 'CommentAdded', data: {} }], api({ expectedRevision: expected }))
          .catch((e: unknown) => e);
        expect(error).toBeInstanceOf(WrongExpectedRevisionError);
        expect(error).toMatchObject({ streamId: id, expected, actual });
      }
      const missing = await store
        .append(stream('missing'), [{ type: 'X', data: {} }], api({ expectedRevision: 0 }))
        .catch((e: unknown) => e);
      expect(missing).toMatchObject({ name: 'WrongExpectedRevisionError', actual: null });

      await expect(
        store.append(id, [{ type: 'CommentAdded', data: {} }], api({ expectedRevision: 0 })),
      ).resolves.toMatchObject({ nextExpectedRevision: 1 });
      await expect(
        store.append(id, [{ type: 'CommentAdded', data: {} }], api({ expectedRevision: ANY })),
      ).resolves.toMatchObject({ nextExpectedRevision: 2 });
      expect((await store.readStream(id)).map((event) => event.revision)).toEqual([0, 1, 2]);
    });

    it('lets exactly one of 20 concurrent appends at one revision win', async () => {
      const id = stream('action');
      await store.append(id, [{ type: 'ActionCreated', data: {} }], api({ expectedRevision: NO_STREAM }));
      const outcomes = await Promise.allSettled(
        Array.from({ length: 20 }, (_, writer) =>
          store.append(id, [{ type: 'RagStatusChanged', data: { writer } }], api({ expectedRevision: 0 })),
        ),
      );
      const won = outcomes.filter((outcome) => outcome.status === 'fulfilled');
      const lost = outcomes.filter((outcome): outcome is PromiseRejectedResult => outcome.status === 'rejected');
      expect(won).toHaveLength(1);
      expect(lost).toHaveLength(19);
      for (const loss of lost) expect(loss.reason).toBeInstanceOf(WrongExpectedRevisionError);
      const events = await store.readStream(id);
      expect(events.map((event) => event.revision)).toEqual([0, 1]);
    });

    it('appends concurrently with ANY without losing or doubling an event', async () => {
      const id = stream('action');
      await Promise.all(
        Array.from({ length: 10 }, (_, n) => store.append(id, [{ type: 'CommentAdded', data: { n } }], api())),
      );
      const events = await store.readStream(id);
      expect(events.map((event) => event.revision)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
      expect(events.map((event) => event.data.n).sort((a, b) => Number(a) - Number(b))).toEqual([
        0, 1, 2, 3, 4, 5, 6, 7, 8, 9,
      ]);
    });

    it('answers a repeated commandId with the first result and appends nothing, even at a stale revision', async () => {
      const id = stream('action');
      const commandId = randomUUID();
      const first = await store.append(
        id,
        [{ type: 'ActionCreated', data: { n: 1 } }],
        api({ expectedRevision: NO_STREAM, commandId }),
      );
      const again = await store.append(
        id,
        [{ type: 'ActionCreated', data: { n: 1 } }],
        api({ expectedRevision: NO_STREAM, commandId }),
      );
      const { recorded: _appended, ...answer } = first;
      expect(again).toEqual({ ...answer, duplicate: true });
      const parallel = await Promise.all(
        Array.from({ length: 5 }, () =>
          store.append(
            id,
            [{ type: 'CommentAdded', data: {} }],
            api({ expectedRevision: 0, commandId: 'parallel-' + id }),
          ),
        ),
      );
      expect(parallel.filter((result) => !result.duplicate)).toHaveLength(1);
      expect(new Set(parallel.map((result) => `${result.position}/${result.nextExpectedRevision}`)).size).toBe(1);
      expect(await store.readStream(id)).toHaveLength(2);
    });

    describe('with the head the caller has read (knownHead)', () => {
      /** Each link of the stream's hash chain, as verify checks it: null where it holds. */
      const chainOf = async (id: string) =>
        (await store.readStream(id)).map((event, n, events) => checkLink(event, events[n - 1] ?? null));
      const headOf = async (id: string) => {
        const last = (await store.readStream(id)).at(-1)!;
        return { revision: last.revision, hash: last.hash, recordedAt: last.metadata.recordedAt };
      };

      it('appends after it, chained to it, and a stream read by recorded time still holds', async () => {
        const id = stream('action');
        await store.append(
          id,
          [{ type: 'ActionCreated', data: {} }],
          api({ expectedRevision: NO_STREAM, knownHead: null }),
        );
        const head = await headOf(id);
        const result = await store.append(
          id,
          [
            { type: 'CommentAdded', data: {} },
            { type: 'CommentAdded', data: {} },
          ],
          api({ expectedRevision: 0, knownHead: head }),
        );
        expect(result).toMatchObject({ nextExpectedRevision: 2, duplicate: false });
        const events = await store.readStream(id);
        expect(events.map((event) => event.revision)).toEqual([0, 1, 2]);
        expect(events[1]!.metadata.recordedAt.getTime()).toBeGreaterThanOrEqual(head.recordedAt.getTime());
        expect(await chainOf(id)).toEqual([null, null, null]);
      });

      it('refuses a stale head as a stale revision, and one ahead of the stream without leaving a gap', async () => {
        const id = stream('action');
        await store.append(id, [{ type: 'ActionCreated', data: {} }], api({ expectedRevision: NO_STREAM }));
        const stale = await headOf(id);
        await store.append(id, [{ type: 'CommentAdded', data: {} }], api({ expectedRevision: 0 }));
        await expect(
          store.append(id, [{ type: 'CommentAdded', data: {} }], api({ expectedRevision: 0, knownHead: stale })),
        ).rejects.toMatchObject({ name: 'WrongExpectedRevisionError', expected: 0, actual: 1 });
        const ahead = { ...(await headOf(id)), revision: 5 };
        await expect(
          store.append(id, [{ type: 'CommentAdded', data: {} }], api({ expectedRevision: 5, knownHead: ahead })),
        ).rejects.toMatchObject({ name: 'WrongExpectedRevisionError', expected: 5, actual: 1 });
        expect((await store.readStream(id)).map((event) => event.revision)).toEqual([0, 1]);
        // A head that disagrees with the revision expected is not taken at its word.
        await expect(
          store.append(id, [{ type: 'CommentAdded', data: {} }], api({ expectedRevision: 1, knownHead: stale })),
        ).resolves.toMatchObject({ nextExpectedRevision: 2 });
        expect(await chainOf(id)).toEqual([null, null, null]);
      });

      it('does not fork the chain on a head whose hash is wrong: the append follows the real head', async () => {
        const id = stream('action');
        await store.append(id, [{ type: 'ActionCreated', data: {} }], api({ expectedRevision: NO_STREAM }));
        const forged = { ...(await headOf(id)), hash: '0'.repeat(64) };
        await expect(
          store.append(id, [{ type: 'CommentAdded', data: {} }], api({ expectedRevision: 0, knownHead: forged })),
        ).resolves.toMatchObject({ nextExpectedRevision: 1 });
        expect(await chainOf(id)).toEqual([null, null]);
      });

      it('answers a repeated commandId with the first result', async () => {
        const id = stream('action');
        const commandId = randomUUID();
        const first = await store.append(
          id,
          [{ type: 'ActionCreated', data: {} }],
          api({ expectedRevision: NO_STREAM, commandId, knownHead: null }),
        );
        const again = await store.append(
          id,
          [{ type: 'ActionCreated', data: {} }],
          api({ expectedRevision: NO_STREAM, commandId, knownHead: null }),
        );
        const { recorded: _appended, ...answer } = first;
        expect(again).toEqual({ ...answer, duplicate: true });
        expect(await store.readStream(id)).toHaveLength(1);
      });
    });

    it('keeps a caller-chosen event id in lower case and refuses one that is not a UUID', async () => {
      const id = stream('action');
      const eventId = randomUUID().toUpperCase();
      await store.append(id, [{ type: 'ActionCreated', data: {}, eventId }], api());
      const [stored] = await store.readStream(id);
      expect(stored!.eventId).toBe(eventId.toLowerCase());
      await expect(store.append(id, [{ type: 'CommentAdded', data: {}, eventId: 'row-12' }], api())).rejects.toThrow(
        /UUID/,
      );
      expect((await verifyEventStore(store)).firstBroken).toBeNull();
    });

    it('refuses an effectiveAt in the future and appends nothing', async () => {
      const id = stream('action');
      const future = new Date(Date.now() + 60 * 60 * 1000);
      await expect(
        store.append(id, [{ type: 'CommentAdded', data: {} }], api({ effectiveAt: future })),
      ).rejects.toBeInstanceOf(EffectiveTimeInFutureError);
      await expect(
        store.append(id, [{ type: 'CommentAdded', data: {}, effectiveAt: future }], api()),
      ).rejects.toBeInstanceOf(EffectiveTimeInFutureError);
      expect(await store.readStream(id)).toEqual([]);
    });

    it('reads a stream only up to a recorded time', async () => {
      const id = stream('action');
      await store.append(id, [{ type: 'ActionCreated', data: {} }], api());
      const [created] = await store.readStream(id);
      await sleep(20);
      await store.append(id, [{ type: 'CommentAdded', data: {} }], api());
      expect(await store.readStream(id)).toHaveLength(2);
      const then = await store.readStream(id, { recordedUpTo: created!.metadata.recordedAt });
      expect(then.map((event) => event.type)).toEqual(['ActionCreated']);
      expect(await store.readStream(id, { recordedUpTo: new Date('2000-01-01') })).toEqual([]);
      expect((await store.readStream(id, { fromRevision: 1 })).map((event) => event.revision)).toEqual([1]);
    });

    it('reads all events in global order, page by page, from a position', async () => {
      const start = await lastPosition(store);
      const a = stream('a');
      const b = stream('b');
      await store.append(
        a,
        [
          { type: 'One', data: {} },
          { type: 'Two', data: {} },
        ],
        api(),
      );
      await store.append(b, [{ type: 'Three', data: {} }], api());
      await store.append(a, [{ type: 'Four', data: {} }], api());
      const events = await readAllOf(store, [a, b], start, 1);
      expect(events.map((event) => event.type)).toEqual(['One', 'Two', 'Three', 'Four']);
      const positions = events.map((event) => event.position);
      expect([...positions].sort((x, y) => x - y)).toEqual(positions);
      expect(new Set(positions).size).toBe(4);
      const afterTwo = await readAllOf(store, [a, b], events[1]!.position, 10);
      expect(afterTwo.map((event) => event.type)).toEqual(['Three', 'Four']);
    });

    describe('appendMany', () => {
      it('appends to several streams in one call, each event with its own origin where given', async () => {
        const [a, b] = [stream('many-a'), stream('many-b')];
        await store.append(a, [{ type: 'One', data: {} }], api());
        const result = await store.appendMany(
          [
            {
              streamId: a,
              events: [{ type: 'Two', data: { n: 2 }, origin: 'import:plan.xlsx#SDP!31' }],
              expectedRevision: 0,
            },
            {
              streamId: b,
              events: [
                { type: 'Three', data: {} },
                { type: 'Four', data: {} },
              ],
              expectedRevision: NO_STREAM,
            },
          ],
          { actor: api().actor, origin: 'import:plan.xlsx', commandId: `cmd-${randomUUID()}` },
        );
        expect(result).toMatchObject({
          duplicate: false,
          streams: [
            { streamId: a, nextExpectedRevision: 1 },
            { streamId: b, nextExpectedRevision: 1 },
          ],
        });
        const [inA, inB] = [await store.readStream(a), await store.readStream(b)];
        expect(inA.map((event) => [event.type, event.metadata.origin])).toEqual([
          ['One', 'api'],
          ['Two', 'import:plan.xlsx#SDP!31'],
        ]);
        expect(inB.map((event) => [event.type, event.revision, event.metadata.origin])).toEqual([
          ['Three', 0, 'import:plan.xlsx'],
          ['Four', 1, 'import:plan.xlsx'],
        ]);
        expect(inA[1]!.metadata.correlationId).toBe(inB[0]!.metadata.correlationId);
        expect(result.position).toBe(Math.max(...[...inA, ...inB].map((event) => event.position)));
      });

      it('writes nothing to any stream when one is stale', async () => {
        const [a, b] = [stream('many-a'), stream('many-b')];
        await store.append(b, [{ type: 'Taken', data: {} }], api());
        const attempt = store.appendMany(
          [
            { streamId: a, events: [{ type: 'One', data: {} }], expectedRevision: NO_STREAM },
            { streamId: b, events: [{ type: 'Two', data: {} }], expectedRevision: NO_STREAM },
          ],
          { actor: api().actor, origin: 'import:plan.xlsx' },
        );
        await expect(attempt).rejects.toMatchObject({ name: 'WrongExpectedRevisionError', streamId: b });
        expect(await store.readStream(a)).toEqual([]);
        expect((await store.readStream(b)).map((event) => event.type)).toEqual(['Taken']);
      });

      // EventStoreDB has no multi-stream transaction (see the port): there a racing loser may have
      // written its own stream before losing the shared one, so the property is PostgreSQL's alone.
      const itAtomic = backend.name.includes('EventStoreDB') ? it.skip : it;
      itAtomic(
        'lets one of racing calls at the same revision win, and the losers write none of their streams',
        async () => {
          const shared = stream('many-shared');
          await store.append(shared, [{ type: 'Opened', data: {} }], api());
          const own = Array.from({ length: 8 }, () => stream('many-own'));
          const outcomes = await Promise.allSettled(
            own.map((mine) =>
              store.appendMany(
                [
                  { streamId: mine, events: [{ type: 'Mine', data: {} }], expectedRevision: NO_STREAM },
                  { streamId: shared, events: [{ type: 'Shared', data: {} }], expectedRevision: 0 },
                ],
                { actor: api().actor, origin: 'api' },
              ),
            ),
          );
          expect(outcomes.filter((outcome) => outcome.status === 'fulfilled')).toHaveLength(1);
          const written = await Promise.all(own.map(async (mine) => (await store.readStream(mine)).length));
          expect(written.sort()).toEqual([0, 0, 0, 0, 0, 0, 0, 1]);
          expect((await store.readStream(shared)).map((event) => event.type)).toEqual(['Opened', 'Shared']);
        },
      );

      it('keeps text as given, whatever COPY or JSON would escape in it, and its hashes still hold', async () => {
        const awkward = 'tab\there\nnew line\r\nback\\slash \\N "quoted" \\t ünïcödé 😀 \u2028';
        const [a, b] = [stream(`awk\\ward\t${awkward.length}`), stream('many-b')];
        const actor = { id: 'key\t1', name: awkward, role: 'manager' };
        await store.appendMany(
          [
            {
              streamId: a,
              events: [
                {
                  type: 'Commented\\',
                  data: { text: awkward, [awkward]: [awkward, { '\\N': null }] },
                  reason: awkward,
                },
              ],
              expectedRevision: NO_STREAM,
            },
            {
              streamId: b,
              events: [{ type: 'Two', data: { n: -0.5e-7 }, origin: `import:${awkward}` }],
              expectedRevision: NO_STREAM,
            },
          ],
          { actor, origin: 'import:plan.xlsx', reason: 'because\\\n', commandId: `cmd\t${randomUUID()}` },
        );
        const [inA, inB] = [(await store.readStream(a))[0]!, (await store.readStream(b))[0]!];
        expect(inA).toMatchObject({
          streamId: a,
          type: 'Commented\\',
          data: { text: awkward, [awkward]: [awkward, { '\\N': null }] },
        });
        expect(inA.metadata).toMatchObject({ actor, reason: awkward, origin: 'import:plan.xlsx' });
        expect(inB.metadata).toMatchObject({ reason: 'because\\\n', origin: `import:${awkward}` });
        expect(inB.data).toEqual({ n: -0.5e-7 });
        expect(checkLink(inA, null)).toBeNull();
        expect(checkLink(inB, null)).toBeNull();
      });

      it('refuses text no PostgreSQL text can hold (NUL, half a surrogate pair) and writes nothing', async () => {
        const [a, b] = [stream('many-a'), stream('many-b')];
        const write = (overrides: { reason?: string; origin?: string; actorName?: string; type?: string }) =>
          store.appendMany(
            [
              { streamId: a, events: [{ type: 'One', data: {} }], expectedRevision: NO_STREAM },
              {
                streamId: b,
                events: [
                  {
                    type: overrides.type ?? 'Two',
                    data: {},
                    ...(overrides.reason === undefined ? {} : { reason: overrides.reason }),
                  },
                ],
                expectedRevision: NO_STREAM,
              },
            ],
            {
              actor: { ...manager, name: overrides.actorName ?? manager.name },
              origin: overrides.origin ?? 'import:plan.xlsx',
            },
          );
        await expect(write({ reason: 'nul \u0000 here' })).rejects.toMatchObject({
          name: 'InvalidEventError',
          message: expect.stringContaining('reason'),
        });
        await expect(write({ origin: 'import:\ud800.xlsx' })).rejects.toMatchObject({
          name: 'InvalidEventError',
          message: expect.stringContaining('origin'),
        });
        await expect(write({ actorName: 'half \udc00' })).rejects.toMatchObject({
          name: 'InvalidEventError',
          message: expect.stringContaining("actor's name"),
        });
        await expect(write({ type: 'Two\u0000' })).rejects.toMatchObject({
          name: 'InvalidEventError',
          message: expect.stringContaining('type'),
        });
        await expect(store.append(a, [{ type: 'One', data: {} }], api({ reason: '\ud83d' }))).rejects.toMatchObject({
          name: 'InvalidEventError',
        });
        expect(await store.readStream(a)).toEqual([]);
        expect(await store.readStream(b)).toEqual([]);
        // A whole surrogate pair is text like any other.
        await store.appendMany(
          [{ streamId: a, events: [{ type: 'One', data: {}, reason: '😀' }], expectedRevision: NO_STREAM }],
          { actor: manager, origin: 'api' },
        );
        expect((await store.readStream(a))[0]!.metadata.reason).toBe('😀');
      });

      itAtomic(
        'writes nothing when one event cannot be stored (its id is taken), records no command, and goes on',
        async () => {
          const [a, b, c] = [stream('many-a'), stream('many-b'), stream('many-c')];
          const taken = randomUUID();
          await store.append(c, [{ type: 'Taken', eventId: taken, data: {} }], api());
          const commandId = `cmd-${randomUUID()}`;
          const writes = (eventId: string) => [
            {
              streamId: a,
              events: [
                { type: 'One', data: {} },
                { type: 'Two', data: {} },
              ],
              expectedRevision: NO_STREAM,
            },
            { streamId: b, events: [{ type: 'Three', eventId, data: {} }], expectedRevision: NO_STREAM },
          ];
          await expect(
            store.appendMany(writes(taken), { actor: manager, origin: 'import:plan.xlsx', commandId }),
          ).rejects.toThrow();
          expect(await store.readStream(a)).toEqual([]);
          expect(await store.readStream(b)).toEqual([]);
          const written = await store.appendMany(writes(randomUUID()), {
            actor: manager,
            origin: 'import:plan.xlsx',
            commandId,
          });
          expect(written.duplicate).toBe(false);
          expect((await store.readStream(a)).map((event) => event.type)).toEqual(['One', 'Two']);
          expect(await store.headPosition()).toBe(written.position);
        },
      );

      it('answers a repeated commandId as a duplicate and appends nothing', async () => {
        const [a, b] = [stream('many-a'), stream('many-b')];
        const writes = [
          { streamId: a, events: [{ type: 'One', data: {} }], expectedRevision: NO_STREAM },
          { streamId: b, events: [{ type: 'Two', data: {} }], expectedRevision: NO_STREAM },
        ];
        const options = { actor: api().actor, origin: 'import:plan.xlsx', commandId: `cmd-${randomUUID()}` };
        const first = await store.appendMany(writes, options);
        const again = await store.appendMany(writes, options);
        expect(again).toMatchObject({ duplicate: true, position: first.position });
        expect((await store.readStream(a)).length + (await store.readStream(b)).length).toBe(2);
      });
    });

    it('reads summaries, where it can, as the whole events less who made them and why, page for page', async () => {
      if (!store.readAllSummaries) return expect(backend.name).toMatch(/EventStoreDB/);
      const id = stream('summary');
      const start = await lastPosition(store);
      await store.append(
        id,
        [
          { type: 'One', data: { n: 1, nested: { a: [true] } }, effectiveAt: new Date('2020-02-02T00:00:00.000Z') },
          { type: 'Two', data: {} },
        ],
        api({ reason: 'why', commandId: randomUUID() }),
      );
      await store.append(stream('other'), [{ type: 'Three', data: { t: 'x' } }], api());
      for (let after = start; ;) {
        const [whole, summaries] = [
          await store.readAll({ after, maxCount: 2 }),
          await store.readAllSummaries({ after, maxCount: 2 }),
        ];
        expect(summaries).toEqual({
          ...whole,
          events: whole.events.map(({ hash: _hash, metadata, ...event }) => ({
            ...event,
            metadata: { recordedAt: metadata.recordedAt, effectiveAt: metadata.effectiveAt },
          })),
        });
        if (whole.isEnd) break;
        after = whole.lastPosition;
      }
    });

    it('gives the position of the last event as its head', async () => {
      await store.append(stream('head'), [{ type: 'One', data: {} }], api());
      const appended = await store.append(
        stream('head'),
        [
          { type: 'One', data: {} },
          { type: 'Two', data: {} },
        ],
        api(),
      );
      expect(await store.headPosition()).toBe(appended.position);
      expect(await store.headPosition()).toBe(await lastPosition(store));
    });

    it('delivers every event once, in order, across a stop and a resume from the checkpoint', async () => {
      const start = await lastPosition(store);
      const ids = [stream('s'), stream('s'), stream('s')];
      const mine = new Set(ids);
      const delivered: RecordedEvent[] = [];
      let checkpoint = start;
      const subscribe = () =>
        store.subscribeToAll({
          after: checkpoint,
          onEvent: async (event) => {
            if (mine.has(event.streamId)) delivered.push(event);
            checkpoint = event.position; // a projection stores this with its rows, in one transaction
          },
        });

      let subscription = subscribe();
      const writes = (round: number) =>
        Promise.all(
          ids.map((id, n) =>
            store.append(
              id,
              [
                { type: 'Tick', data: { round, n } },
                { type: 'Tock', data: { round, n } },
              ],
              api(),
            ),
          ),
        );
      await writes(1);
      await eventually('the first round is delivered', () => delivered.length >= 6);
      await subscription.stop();
      const atStop = delivered.length;
      await writes(2); // while nobody listens
      await sleep(50);
      expect(delivered.length).toBe(atStop);

      subscription = subscribe();
      await writes(3); // live, after catching up
      await eventually('all three rounds are delivered', () => delivered.length >= 18);
      await sleep(100);
      await subscription.stop();

      expect(delivered).toHaveLength(18);
      expect(new Set(delivered.map((event) => event.eventId)).size).toBe(18);
      const positions = delivered.map((event) => event.position);
      expect([...positions].sort((x, y) => x - y)).toEqual(positions);
      expect(delivered).toEqual(await readAllOf(store, ids, start, 100));
    });

    const describeInterleaved =
      backend.name.startsWith('embedded') || backend.name === 'EventStoreDB' ? describe.skip : describe;
    describeInterleaved(
      'out-of-order commits (skipped on PGlite, which runs one transaction at a time, and on EventStoreDB, whose log is written in order)',
      () => {
        it('holds back a later position until the earlier one commits, then delivers both once', async () => {
          const start = await lastPosition(store);
          const early = stream('early');
          const late = stream('late');
          const delivered: RecordedEvent[] = [];
          const subscription = store.subscribeToAll({
            after: start,
            onEvent: async (event) => {
              if (event.streamId === early || event.streamId === late) delivered.push(event);
            },
          });

          // The append with a command id takes its position, writes its event, then waits on the
          // command table, which this connection keeps locked: it commits after the next append.
          const blocker = await subject.connect!();
          await blocker.query('BEGIN');
          await blocker.query('LOCK TABLE oversight_commands IN EXCLUSIVE MODE');
          let released = false;
          const release = async () => {
            if (released) return;
            released = true;
            await blocker.query('COMMIT');
            await blocker.end();
          };
          const earlyAppend = store.append(early, [{ type: 'Early', data: {} }], api({ commandId: randomUUID() }));
          try {
            await sleep(200);
            const lateResult = await store.append(late, [{ type: 'Late', data: {} }], api());

            await sleep(300);
            expect(delivered).toEqual([]);
            expect(
              (await store.readAll({ after: start, maxCount: 100 })).events.filter((event) => event.streamId === late),
            ).toEqual([]);

            await release();
            const earlyResult = await earlyAppend;
            expect(earlyResult.position).toBeLessThan(lateResult.position);
          } finally {
            await release();
            await earlyAppend.catch(() => undefined);
          }
          await eventually('both are delivered', () => delivered.length >= 2);
          await sleep(100);
          await subscription.stop();
          expect(delivered.map((event) => event.type)).toEqual(['Early', 'Late']);
        });

        it('skips a position left by a rolled-back append without waiting for it', async () => {
          const start = await lastPosition(store);
          const id = stream('gap');
          await store.append(id, [{ type: 'ActionCreated', data: {} }], api());
          await store
            .append(id, [{ type: 'Stale', data: {} }], api({ expectedRevision: NO_STREAM }))
            .catch(() => undefined);
          const other = await subject.connect!();
          await other.query('BEGIN');
          await other.query('SELECT oversight_reserve_positions(1)'); // a gap that rolls back
          await other.query('ROLLBACK');
          await other.end();
          await store.append(id, [{ type: 'After', data: {} }], api());
          expect((await readAllOf(store, [id], start, 100)).map((event) => event.type)).toEqual([
            'ActionCreated',
            'After',
          ]);
        });
      },
    );

    describe('verification', () => {
      it('passes on untouched events', async () => {
        await store.append(
          stream('action'),
          [
            { type: 'A', data: { n: 1 } },
            { type: 'B', data: {} },
          ],
          api(),
        );
        const report = await verifyEventStore(store);
        expect(report.firstBroken).toBeNull();
        expect(report.events).toBeGreaterThan(2);
      });

      const describeSql = backend.name === 'EventStoreDB' ? describe.skip : describe;
      describeSql('after direct SQL tampering (skipped on EventStoreDB: its events cannot be edited)', () => {
        /**
         * Runs `sql` with the append-only triggers off (as a superuser could), runs `check`, then
         * puts the stream's rows back as they were so later cases start from a sound store.
         */
        const tampered = async (
          streamId: string,
          sql: string | string[],
          params: unknown[],
          check: () => Promise<void>,
        ) => {
          const client = await subject.connect!();
          const asSuperuser = async (statements: string | string[], values: unknown[] = []) => {
            await client.query('BEGIN');
            await client.query('SET LOCAL session_replication_role = replica');
            for (const statement of [statements].flat()) await client.query(statement, values);
            await client.query('COMMIT');
          };
          try {
            const saved = (await client.query('SELECT * FROM oversight_events WHERE stream_id = $1', [streamId])).rows;
            await asSuperuser(sql, params);
            try {
              await check();
            } finally {
              await asSuperuser('DELETE FROM oversight_events WHERE stream_id = $1', [streamId]);
              await asSuperuser(
                'INSERT INTO oversight_events SELECT * FROM json_populate_recordset(NULL::oversight_events, $1)',
                [JSON.stringify(saved)],
              );
            }
          } finally {
            await client.end();
          }
          expect((await verifyEventStore(store)).firstBroken).toBeNull();
        };

        it('refuses UPDATE and DELETE on the events table', async () => {
          const id = stream('guarded');
          await store.append(id, [{ type: 'A', data: {} }], api());
          await expect(
            subject.sql!(`UPDATE oversight_events SET data = '{}' WHERE stream_id = $1`, [id]),
          ).rejects.toThrow(/append-only/);
          await expect(subject.sql!(`DELETE FROM oversight_events WHERE stream_id = $1`, [id])).rejects.toThrow(
            /append-only/,
          );
        });

        it('names an edited event', async () => {
          const id = stream('edited');
          await store.append(
            id,
            [
              { type: 'A', data: { text: 'original' } },
              { type: 'B', data: {} },
              { type: 'C', data: {} },
            ],
            api(),
          );
          await tampered(
            id,
            `UPDATE oversight_events SET data = '{"text":"forged"}' WHERE stream_id = $1 AND revision = 1`,
            [id],
            async () => {
              const report = await verifyEventStore(store);
              expect(report.firstBroken).toMatchObject({ streamId: id, revision: 1 });
              expect(report.firstBroken!.problem).toMatch(/hash/);
            },
          );
        });

        it('names the event after a deleted one', async () => {
          const id = stream('deleted');
          await store.append(
            id,
            [
              { type: 'A', data: {} },
              { type: 'B', data: {} },
              { type: 'C', data: {} },
            ],
            api(),
          );
          const [, second] = await store.readStream(id);
          await tampered(id, `DELETE FROM oversight_events WHERE event_id = $1`, [second!.eventId], async () => {
            const report = await verifyEventStore(store);
            expect(report.firstBroken).toMatchObject({ streamId: id, revision: 2 });
            expect(report.firstBroken!.problem).toMatch(/missing/);
          });
        });

        it('names the first of two swapped events', async () => {
          const id = stream('swapped');
          await store.append(
            id,
            [
              { type: 'A', data: {} },
              { type: 'B', data: { b: 1 } },
              { type: 'C', data: { c: 1 } },
            ],
            api(),
          );
          // Swap the two events' places in the stream, keeping each one's content and hash (by way of
          // positions far ahead: positions must stay above 0).
          const swap = [
            `UPDATE oversight_events SET revision = revision + 1000000, position = position + 1000000000 WHERE stream_id = $1 AND revision IN (1, 2)`,
            `UPDATE oversight_events e SET revision = 1000003 - e.revision,
               position = (SELECT o.position - 1000000000 FROM oversight_events o WHERE o.stream_id = e.stream_id AND o.revision = 2000003 - e.revision)
             WHERE e.stream_id = $1 AND e.revision > 1000000`,
          ];
          await tampered(id, swap, [id], async () => {
            const report = await verifyEventStore(store);
            expect(report.firstBroken).toMatchObject({
              streamId: id,
              revision: 1,
              eventId: (await store.readStream(id))[1]!.eventId,
            });
          });
        });
      });
    });
  });
}
