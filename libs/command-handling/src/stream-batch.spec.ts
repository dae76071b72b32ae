import { describe, expect, it } from '@jest/globals';
import { DomainError } from '#domain';
import { NO_STREAM, type AppendManyResult, type EventStore, type StreamWrite } from '#event-store';
import { appendBatch } from './command-executor.js';
import { StreamBatch } from './stream-batch.js';
import { tally } from './testing/tally.decider.js';

const add = (n: number) => ({ type: 'Add' as const, n });
const NOW = '2026-03-01T12:00:00.000Z';
const clock = { now: () => new Date(NOW) };
const actor = { id: 'key-1', name: 'Rachel Green', role: 'manager' };

describe('a batch of commands on many streams', () => {
  it('decides several commands on one stream, each on the state the last left, and writes them at the revision loaded', () => {
    const batch = new StreamBatch(clock, 'Imported from plan.xlsx');
    const stream = batch.open('tally-1', tally, { state: { total: 3, steps: [3] }, revision: 0 });
    stream.decide(add(1), null, 'import:plan.xlsx#S!2');
    stream.decide(add(2), '2026-01-01T00:00:00.000Z', 'import:plan.xlsx#S!3');
    expect(stream.state).toEqual({ total: 6, steps: [3, 1, 2] });
    expect(stream.write()).toEqual({
      streamId: 'tally-1',
      expectedRevision: 0,
      events: [
        { type: 'Added', data: { n: 1 }, origin: 'import:plan.xlsx#S!2', reason: 'Imported from plan.xlsx' },
        {
          type: 'Added',
          data: { n: 2 },
          origin: 'import:plan.xlsx#S!3',
          reason: 'Imported from plan.xlsx',
          effectiveAt: new Date('2026-01-01T00:00:00.000Z'),
        },
      ],
    });
  });

  it('expects no stream for one not loaded, and writes the streams that change in the order they were opened', () => {
    const batch = new StreamBatch(clock);
    const first = batch.open('tally-a', tally, undefined);
    const unchanged = batch.open('tally-b', tally, { state: tally.initialState, revision: 4 });
    const last = batch.open('tally-c', tally, { state: tally.initialState, revision: 7 });
    last.decide(add(5), null, 'api');
    first.decide(add(1), null, 'api');
    unchanged.decide(add(0), null, 'api');
    expect(batch.writes().map((write) => [write.streamId, write.expectedRevision])).toEqual([
      ['tally-a', NO_STREAM],
      ['tally-c', 7],
    ]);
    expect(batch.now).toBe(NOW);
  });

  it('leaves the state as it was when a command is refused, and writes nothing of a stream dropped', () => {
    const batch = new StreamBatch(clock);
    const stream = batch.open('tally-1', tally, undefined);
    stream.decide(add(2), null, 'api');
    expect(() => stream.decide(add(-1), null, 'api')).toThrow(DomainError);
    expect(stream.state).toEqual({ total: 2, steps: [2] });
    expect(stream.events).toHaveLength(1);
    batch.drop(stream);
    expect(batch.writes()).toEqual([]);
  });

  it('follows the state as of a moment: from the history in effect by then, with what is decided that takes effect by then', () => {
    const batch = new StreamBatch(clock);
    const history = [
      { event: { type: 'Added' as const, data: { n: 1 } }, effectiveAt: '2025-01-01T00:00:00.000Z' },
      { event: { type: 'Added' as const, data: { n: 10 } }, effectiveAt: '2025-12-01T00:00:00.000Z' },
    ];
    const stream = batch.open(
      'tally-1',
      tally,
      { state: { total: 11, steps: [1, 10] }, revision: 1 },
      { at: '2025-06-30T00:00:00.000Z', history },
    );
    expect(stream.stateAsOf).toEqual({ total: 1, steps: [1] });
    stream.decide(add(2), '2025-03-01T00:00:00.000Z', 'api'); // before the moment: in both
    stream.decide(add(4), null, 'api'); // at the batch's now, after it: in the state only
    expect(stream.stateAsOf).toEqual({ total: 3, steps: [1, 2] });
    expect(stream.state).toEqual({ total: 17, steps: [1, 10, 2, 4] });
    // Without a history, nothing in the stream took effect after the moment: it starts from the state loaded.
    const unread = batch.open(
      'tally-2',
      tally,
      { state: { total: 5, steps: [5] }, revision: 0 },
      { at: '2025-06-30T00:00:00.000Z' },
    );
    expect(unread.stateAsOf).toEqual({ total: 5, steps: [5] });
    // Without a moment, it is the state.
    const plain = batch.open('tally-3', tally, undefined);
    plain.decide(add(3), null, 'api');
    expect(plain.stateAsOf).toBe(plain.state);
  });
});

describe('appending a batch', () => {
  const storeAnswering = (answer: AppendManyResult) => {
    const calls: { writes: StreamWrite[]; options: Parameters<EventStore['appendMany']>[1] }[] = [];
    const store: Pick<EventStore, 'appendMany'> = {
      async appendMany(writes, options) {
        calls.push({ writes, options });
        return answer;
      },
    };
    return { store, calls };
  };

  it('appends every write in one appendMany under the command id, with the batch reason', async () => {
    const { store, calls } = storeAnswering({ position: 9, duplicate: false, streams: [] });
    const batch = new StreamBatch(clock, 'why');
    batch.open('tally-a', tally, undefined).decide(add(1), null, 'api');
    batch.open('tally-b', tally, { state: tally.initialState, revision: 2 }).decide(add(2), null, 'api');
    expect(await appendBatch(store, batch, { actor, commandId: 'cmd-1', origin: 'import:plan.xlsx' })).toEqual({
      position: 9,
      duplicate: false,
      events: 2,
    });
    expect(calls).toHaveLength(1);
    expect(calls[0]!.writes).toEqual(batch.writes());
    expect(calls[0]!.options).toEqual({ actor, origin: 'import:plan.xlsx', reason: 'why', commandId: 'cmd-1' });
  });

  it('answers a repeated command as appending nothing, and asks the store nothing for a batch that changes nothing', async () => {
    const repeated = storeAnswering({ position: 3, duplicate: true, streams: [] });
    const batch = new StreamBatch(clock);
    batch.open('tally-a', tally, undefined).decide(add(1), null, 'api');
    expect(await appendBatch(repeated.store, batch, { actor, commandId: 'cmd-1', correlationId: 'c-1' })).toEqual({
      position: 3,
      duplicate: true,
      events: 0,
    });
    expect(repeated.calls[0]!.options).toMatchObject({ origin: 'api', correlationId: 'c-1' });
    const idle = storeAnswering({ position: 1, duplicate: false, streams: [] });
    const empty = new StreamBatch(clock);
    empty.open('tally-a', tally, undefined).decide(add(0), null, 'api');
    expect(await appendBatch(idle.store, empty, { actor, commandId: null })).toEqual({
      position: null,
      duplicate: false,
      events: 0,
    });
    expect(idle.calls).toEqual([]);
  });
});
