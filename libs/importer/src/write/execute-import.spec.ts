import { describe, expect, it } from '@jest/globals';
import {
  WrongExpectedRevisionError,
  type AppendManyResult,
  type EventStore,
  type RecordedEvent,
  type StreamWrite,
} from '#event-store';
import { buildXlsx, sdpPlan, sdpRow } from '../testing/workbook.builders.js';
import { executeImport } from './execute-import.js';

const actor = { id: 'cli', name: 'Test', role: 'manager' };
const workbook = () =>
  buildXlsx([
    sdpPlan([
      sdpRow({
        why: 'Feedback from duty workers: handovers',
        who: 'HoS',
        what: 'Weekly handover meeting',
        rag: 'Green',
      }),
    ]),
  ]);

/** A store of nothing whose appendMany answers as told, counting reads and appends. */
function fakeStore(answers: (() => AppendManyResult)[]) {
  const calls = { reads: 0, appends: [] as { writes: StreamWrite[]; commandId: string | null | undefined }[] };
  const store: Pick<EventStore, 'readStream' | 'appendMany'> = {
    async readStream(): Promise<RecordedEvent[]> {
      calls.reads += 1;
      return [];
    },
    async appendMany(writes, options) {
      calls.appends.push({ writes, commandId: options.commandId });
      return answers.shift()!();
    },
  };
  return { store, calls };
}

describe('executing an import', () => {
  it('appends every stream in one appendMany, under a command id of the file and the actor', async () => {
    const { store, calls } = fakeStore([() => ({ position: 9, duplicate: false, streams: [] })]);
    const result = await executeImport(store, await workbook(), 'plan.xlsx', {
      actor,
      now: () => new Date('2026-01-10T09:00:00Z'),
    });
    expect(result).toMatchObject({
      outcome: 'appended',
      position: 9,
      commandId: expect.stringMatching(/^import:[0-9a-f]{64}:cli$/),
    });
    expect(calls.appends).toHaveLength(1);
    expect(calls.appends[0]!.writes.map((write) => write.streamId.split('-')[0])).toEqual([
      'source',
      'recommendation',
      'plan',
      'action',
    ]);
  });

  it('plans again, once, when someone wrote to one of the streams meanwhile', async () => {
    const stale = () => {
      throw new WrongExpectedRevisionError('plan-x', 'no_stream', 0);
    };
    const { store, calls } = fakeStore([stale, () => ({ position: 12, duplicate: false, streams: [] })]);
    expect((await executeImport(store, await workbook(), 'plan.xlsx', { actor })).outcome).toBe('appended');
    expect(calls.appends).toHaveLength(2);
    expect(calls.reads).toBe(8); // four streams, loaded twice

    const twice = fakeStore([stale, stale]);
    await expect(executeImport(twice.store, await workbook(), 'plan.xlsx', { actor })).rejects.toBeInstanceOf(
      WrongExpectedRevisionError,
    );
  });

  it('says so when the store had seen the command, and appends nothing on a dry run', async () => {
    const seen = fakeStore([() => ({ position: 3, duplicate: true, streams: [] })]);
    expect(await executeImport(seen.store, await workbook(), 'plan.xlsx', { actor })).toMatchObject({
      outcome: 'already-imported',
      position: null,
    });
    const dry = fakeStore([]);
    expect(await executeImport(dry.store, await workbook(), 'plan.xlsx', { actor, dryRun: true })).toMatchObject({
      outcome: 'dry-run',
      position: null,
      summary: { events: 6 },
    }); // source, recommendation (and its filing on the source), plan, action and its status
    expect(dry.calls.appends).toEqual([]);
  });
});
