import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { NO_STREAM, WrongExpectedRevisionError, type EventStore, type ReadStreamOptions } from '#event-store';
import { checkLink } from '../../event-store/src/verify/verify-event-store.js';
import {
  embeddedBackend,
  postgresBackend,
  type StoreUnderTest,
} from '../../event-store/src/testing/event-store-backends.js';
import { systemClock } from './clock.js';
import { CommandExecutor } from './command-executor.js';
import { FoldedStreams } from './folded-streams.js';
import { tally } from './testing/tally.decider.js';

const actor = { id: 'key-1', name: 'Rachel Green', role: 'manager' };
const context = (commandId: string | null = null) => ({
  actor,
  commandId,
  correlationId: randomUUID(),
  newId: () => randomUUID(),
});

/** The store, counting the events each read hands out: how much a load had to read. */
function counting(store: EventStore) {
  const reads: number[] = [];
  const counted = Object.create(store) as EventStore;
  counted.readStream = async (streamId: string, options?: ReadStreamOptions) => {
    const events = await store.readStream(streamId, options);
    reads.push(events.length);
    return events;
  };
  return { store: counted, reads };
}

for (const backend of [embeddedBackend, postgresBackend]) {
  (backend.skipReason ? describe.skip : describe)(`Streams folded for decisions: ${backend.name}`, () => {
    let subject: StoreUnderTest;
    beforeAll(async () => {
      subject = await backend.open();
    });
    afterAll(async () => {
      await subject?.dispose();
    });
    const add = (
      store: EventStore,
      streamId: string,
      n: number,
      expectedRevision: number | typeof NO_STREAM,
      commandId: string | null = null,
    ) =>
      store.append(streamId, [{ type: 'Added', data: { n } }], { expectedRevision, actor, origin: 'test', commandId });

    it('folds what others appended since on top of what it kept, reading only that', async () => {
      const { store, reads } = counting(subject.store);
      const streams = new FoldedStreams(store);
      const streamId = `tally-${randomUUID()}`;
      for (let n = 1; n <= 5; n++) await add(subject.store, streamId, n, n === 1 ? NO_STREAM : n - 2);
      expect((await streams.load(tally, streamId)).state).toEqual({ total: 15, steps: [1, 2, 3, 4, 5] });

      // Another process's writes: straight to the store, not through the fold.
      await add(subject.store, streamId, 10, 4);
      await add(subject.store, streamId, 20, 5, 'other-process:key-1');
      const loaded = await streams.load(tally, streamId);
      expect(reads).toEqual([5, 2]);
      expect(loaded.state).toEqual({ total: 45, steps: [1, 2, 3, 4, 5, 10, 20] });
      expect(loaded.head?.revision).toBe(6);
      const last = (await subject.store.readStream(streamId)).at(-1)!;
      expect(loaded.head).toEqual({ revision: 6, hash: last.hash, recordedAt: last.metadata.recordedAt });
      expect(loaded.commands.get('other-process:key-1')).toEqual({
        revision: 6,
        position: last.position,
        events: ['Added'],
      });
    });

    it('decides on the stream as it stands: a revision another writer moved is refused, the next lands chained', async () => {
      const streamId = `tally-${randomUUID()}`;
      const executor = new CommandExecutor(subject.store, new FoldedStreams(subject.store), systemClock);
      const decide = (n: number, expectedRevision: number | 'new', commandId: string | null = null) =>
        executor.execute(
          tally,
          { streamId, id: streamId, expectedRevision, command: { type: 'Add', n } },
          context(commandId),
        );
      expect(await decide(1, 'new')).toMatchObject({ revision: 0 });
      expect(await decide(2, 0)).toMatchObject({ revision: 1 });
      await add(subject.store, streamId, 3, 1);
      await expect(decide(4, 1)).rejects.toBeInstanceOf(WrongExpectedRevisionError);
      expect(await decide(4, 2, 'retried')).toMatchObject({ revision: 3, events: ['Added'] });
      // The retry of a written command is answered as the first was, whatever revision it carries.
      expect(await decide(4, 0, 'retried')).toMatchObject({ revision: 3, events: ['Added'] });

      const events = await subject.store.readStream(streamId);
      expect(events.map((event) => event.data.n)).toEqual([1, 2, 3, 4]);
      expect(events.map((event, k) => checkLink(event, events[k - 1] ?? null))).toEqual([null, null, null, null]);
    });

    it('decides on the kept state without reading when If-Match is its revision, and keeps what it appended as stored', async () => {
      const { store, reads } = counting(subject.store);
      const streams = new FoldedStreams(store);
      const executor = new CommandExecutor(store, streams, systemClock);
      const streamId = `tally-${randomUUID()}`;
      const decide = (n: number, expectedRevision: number | 'new') =>
        executor.execute(
          tally,
          { streamId, id: streamId, expectedRevision, command: { type: 'Add', n } },
          context(randomUUID()),
        );
      expect(await decide(1, 'new')).toMatchObject({ revision: 0, events: ['Added'] });
      expect(await decide(2, 0)).toMatchObject({ revision: 1, events: ['Added'] });
      expect(await decide(3, 1)).toMatchObject({ revision: 2, events: ['Added'] });
      expect(reads).toEqual([0]); // only the creation looked at the stream
      // What is kept is what a fold of the stored events gives: state, head (hash, time) and command ids.
      const fresh = await new FoldedStreams(subject.store).load(tally, streamId);
      expect(streams.kept(tally, streamId)).toEqual(fresh);
      const events = await subject.store.readStream(streamId);
      expect(events.map((event, k) => checkLink(event, events[k - 1] ?? null))).toEqual([null, null, null]);
    });

    it('answers a stale If-Match as stale even when the kept state would refuse the command or find nothing to change', async () => {
      const { store } = counting(subject.store);
      const executor = new CommandExecutor(store, new FoldedStreams(store), systemClock);
      const streamId = `tally-${randomUUID()}`;
      const decide = (n: number, expectedRevision: number | 'new') =>
        executor.execute(tally, { streamId, id: streamId, expectedRevision, command: { type: 'Add', n } }, context());
      await decide(1, 'new');
      await decide(2, 0);
      // Each time, another process moves the stream past the revision kept here, which the client also last read.
      await add(subject.store, streamId, 5, 1);
      await expect(decide(0, 1)).rejects.toBeInstanceOf(WrongExpectedRevisionError); // nothing to change, on the kept state
      await add(subject.store, streamId, 5, 2);
      await expect(decide(-1, 2)).rejects.toBeInstanceOf(WrongExpectedRevisionError); // refused, on the kept state
      await add(subject.store, streamId, 5, 3);
      await expect(decide(4, 3)).rejects.toBeInstanceOf(WrongExpectedRevisionError); // the append finds the head moved
      // And on the stream as it stands, the same commands are answered for what they are.
      expect(await decide(0, 4)).toMatchObject({ revision: 4, position: null, events: [] });
      await expect(decide(-1, 4)).rejects.toMatchObject({ code: 'INVALID' });
      expect((await subject.store.readStream(streamId)).map((event) => event.data.n)).toEqual([1, 2, 5, 5, 5]);
    });

    it('answers the retry of a command another process wrote as the first answer was, though the kept state had not seen it', async () => {
      const { store } = counting(subject.store);
      const executor = new CommandExecutor(store, new FoldedStreams(store), systemClock);
      const streamId = `tally-${randomUUID()}`;
      await executor.execute(
        tally,
        { streamId, id: streamId, expectedRevision: 'new', command: { type: 'Add', n: 1 } },
        context(),
      );
      await add(subject.store, streamId, 2, 0, 'written-elsewhere');
      const retried = await executor.execute(
        tally,
        { streamId, id: streamId, expectedRevision: 0, command: { type: 'Add', n: 2 } },
        context('written-elsewhere'),
      );
      expect(retried).toMatchObject({ revision: 1, events: ['Added'] });
      expect((await subject.store.readStream(streamId)).map((event) => event.data.n)).toEqual([1, 2]);
    });

    it('gives an empty stream as the initial state, and does not keep it', async () => {
      const { store, reads } = counting(subject.store);
      const streams = new FoldedStreams(store);
      const streamId = `tally-${randomUUID()}`;
      expect(await streams.load(tally, streamId)).toEqual({
        state: tally.initialState,
        head: null,
        commands: new Map(),
      });
      await add(subject.store, streamId, 7, NO_STREAM);
      expect((await streams.load(tally, streamId)).state.total).toBe(7);
      expect(reads).toEqual([0, 1]);
    });
  });
}
