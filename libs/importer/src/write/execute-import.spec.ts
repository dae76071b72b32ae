import { describe, expect, it } from '@jest/globals';
import { CalendarDays } from '#domain';
import {
  WrongExpectedRevisionError,
  type AppendManyResult,
  type EventStore,
  type RecordedEvent,
  type StreamWrite,
} from '#event-store';
import { buildXlsx, sdpPlan, sdpRow } from '../testing/workbook.builders.js';
import { executeImport, PlannedImportChangedError } from './execute-import.js';

const UTC_DAYS = new CalendarDays('UTC');

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
  const store: Pick<EventStore, 'readStream' | 'append' | 'appendMany'> = {
    async append() {
      throw new Error('an import appends all its streams at once, by appendMany');
    },
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
      calendar: UTC_DAYS,
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
    expect((await executeImport(store, await workbook(), 'plan.xlsx', { actor, calendar: UTC_DAYS })).outcome).toBe(
      'appended',
    );
    expect(calls.appends).toHaveLength(2);
    expect(calls.reads).toBe(8); // four streams, loaded twice

    const twice = fakeStore([stale, stale]);
    await expect(
      executeImport(twice.store, await workbook(), 'plan.xlsx', { actor, calendar: UTC_DAYS }),
    ).rejects.toBeInstanceOf(WrongExpectedRevisionError);
  });

  it('says so when the store had seen the command, and appends nothing on a dry run', async () => {
    const seen = fakeStore([() => ({ position: 3, duplicate: true, streams: [] })]);
    expect(await executeImport(seen.store, await workbook(), 'plan.xlsx', { actor, calendar: UTC_DAYS })).toMatchObject(
      {
        outcome: 'already-imported',
        position: null,
      },
    );
    const dry = fakeStore([]);
    expect(
      await executeImport(dry.store, await workbook(), 'plan.xlsx', { actor, calendar: UTC_DAYS, dryRun: true }),
    ).toMatchObject({
      outcome: 'dry-run',
      position: null,
      summary: { events: 6 },
    }); // source, recommendation (and its filing on the source), plan, action and its status
    expect(dry.calls.appends).toEqual([]);
  });

  it('appends a confirmed preview only if it plans the events the preview did, else writes nothing and says what it would now', async () => {
    const now = () => new Date('2026-01-10T09:00:00Z');
    const preview = await executeImport(fakeStore([]).store, await workbook(), 'plan.xlsx', {
      actor,
      calendar: UTC_DAYS,
      now,
      dryRun: true,
    });
    expect(preview.plannedDigest).toMatch(/^[0-9a-f]{64}$/);

    const moved = fakeStore([]);
    const refused = executeImport(moved.store, await workbook(), 'plan.xlsx', {
      actor,
      calendar: UTC_DAYS,
      now,
      expectPlannedDigest: '0'.repeat(64),
    });
    await expect(refused).rejects.toBeInstanceOf(PlannedImportChangedError);
    await expect(refused).rejects.toMatchObject({ now: { outcome: 'dry-run', plannedDigest: preview.plannedDigest } });
    expect(moved.calls.appends).toEqual([]);

    const same = fakeStore([() => ({ position: 9, duplicate: false, streams: [] })]);
    const confirmed = await executeImport(same.store, await workbook(), 'plan.xlsx', {
      actor,
      calendar: UTC_DAYS,
      now,
      expectPlannedDigest: preview.plannedDigest!,
    });
    expect(confirmed).toMatchObject({ outcome: 'appended', plannedDigest: preview.plannedDigest });
    expect(same.calls.appends).toHaveLength(1);
  });

  it('plans the same events, by digest, for a preview and a Confirm made minutes apart on a plan still running', async () => {
    const today = new Date();
    const startYear = today.getUTCMonth() >= 3 ? today.getUTCFullYear() : today.getUTCFullYear() - 1;
    const title = `Service Development Plan ${startYear}-${String(startYear + 1).slice(2)}`;
    const sheet = sdpPlan([
      sdpRow({ why: 'Staff feedback: supervision', who: 'HoS', what: 'Group supervision', rag: 'Amber' }),
    ]);
    const running = await buildXlsx([{ ...sheet, rows: [[title], ...sheet.rows.slice(1)] }]);
    const at = (moment: Date) =>
      executeImport(fakeStore([]).store, running, 'plan.xlsx', {
        actor,
        calendar: UTC_DAYS,
        now: () => moment,
        dryRun: true,
      });
    const preview = await at(today);
    // Today, the plan running: its changes take effect as the store records them, not at the moment planned.
    expect(preview.summary.asOf.date).toBe(today.toISOString().slice(0, 10));
    expect((await at(new Date(today.getTime() + 1_500))).plannedDigest).toBe(preview.plannedDigest);
  });
});
