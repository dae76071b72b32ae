import { beforeAll, describe, expect, it } from '@jest/globals';
import { CalendarDays } from '#domain';
import {
  actionDecider,
  type ActionCreated,
  type ActionEvent,
  type ActionState,
  type RecommendationRecorded,
  type SourceRegistered,
} from '#domain';
import type { NewEvent, StreamWrite } from '#event-store';
import { importWorkbook } from '../import-workbook.js';
import type { ImportedPlan } from '../interpret/imported-plan.js';
import { buildXlsx, sdpPlan, sdpRow } from '../testing/workbook.builders.js';
import { noExistingState } from './existing-state.js';
import { actionIdOf, planIdOf, recommendationIdOf, sourceIdOf } from './import-ids.js';
import { formatSummary } from './import-summary.js';
import { planImport, type PlannedImport } from './plan-import.js';
import { applyWrites, fixtureBytes, FIXTURES, laterVersionOf2024Plan } from './testing/workbook-versions.js';

/** Days judged in UTC (TIME_ZONE=UTC): the moments below were written before TIME_ZONE; London has its own case. */
const UTC_DAYS = new CalendarDays('UTC');

const FIRST_IMPORT = '2026-01-10T09:00:00.000Z';
const SECOND_IMPORT = '2026-04-10T09:00:00.000Z';

const load = (name: string, bytes: Buffer = fixtureBytes(name)): Promise<ImportedPlan> => importWorkbook(bytes, name);
const streamOf = (planned: PlannedImport, streamId: string): StreamWrite => {
  const write = planned.writes.find((w) => w.streamId === streamId);
  if (!write) throw new Error(`no write to ${streamId}`);
  return write;
};
const actionAt = (imported: ImportedPlan, row: number) => imported.actions.find((a) => a.origin.row === row)!;
const actionStreamAt = (planned: PlannedImport, imported: ImportedPlan, row: number) =>
  streamOf(planned, `action-${actionIdOf(planned.planId, actionAt(imported, row).key)}`);
const types = (events: NewEvent[]) => events.map((event) => event.type);
const effective = (event: NewEvent) => event.effectiveAt?.toISOString() ?? null;

describe('planning the import of the 2024-25 Service Development Plan into an empty store', () => {
  let imported: ImportedPlan;
  let planned: PlannedImport;
  beforeAll(async () => {
    imported = await load(FIXTURES.sdp2024);
    planned = planImport(imported, noExistingState(), { calendar: UTC_DAYS, now: FIRST_IMPORT });
  });

  it('opens the plan at the start of its period, named by its title and period', () => {
    const plan = streamOf(planned, `plan-${planIdOf(imported.plan)}`);
    expect(plan.expectedRevision).toBe('no_stream');
    expect(plan.events).toEqual([
      expect.objectContaining({
        type: 'PlanOpened',
        data: expect.objectContaining({
          title: 'Service Development Plan 2024-5',
          periodStart: '2024-04-01',
          periodEnd: '2025-03-31',
          reviewFrequency: 'quarterly',
        }),
        effectiveAt: new Date('2024-04-01T00:00:00.000Z'),
        reason: 'Imported from service-development-plan-2024-25.xlsx',
      }),
    ]);
  });

  it('writes sources, then recommendations, then the plan, then the actions, each stream once and new', () => {
    const kinds = planned.writes.map((write) => write.streamId.split('-')[0]);
    const order = ['source', 'recommendation', 'plan', 'action'];
    expect(kinds.map((kind) => order.indexOf(kind!))).toEqual(
      [...kinds.map((kind) => order.indexOf(kind!))].sort((a, b) => a - b),
    );
    expect(new Set(planned.writes.map((write) => write.streamId)).size).toBe(planned.writes.length);
    expect(planned.writes.every((write) => write.expectedRevision === 'no_stream')).toBe(true);
    expect(kinds.filter((kind) => kind === 'action')).toHaveLength(imported.actions.length);
    expect(planned.summary).toMatchObject({
      plan: { new: true },
      sources: { existing: 0 },
      recommendations: { existing: 0 },
      actions: { changed: [], unchanged: 0 },
    });
    expect(planned.summary.actions.new).toHaveLength(31);
  });

  it('row 31 is completed and retained for oversight, every event from sheet SDP 2024-25 row 31', () => {
    const stream = actionStreamAt(planned, imported, 31);
    expect(types(stream.events)).toEqual([
      'ActionCreated',
      'CommentAdded',
      'ActionCompleted',
      'RagStatusChanged',
      'RetainedForOversight',
    ]);
    expect(stream.events[1]!.data).toMatchObject({ text: 'complete - (kept in to retain oversight)' });
    expect(stream.events[3]!.data).toEqual({ from: null, to: 'blue' });
    expect(new Set(stream.events.map((event) => event.origin))).toEqual(
      new Set(['import:service-development-plan-2024-25.xlsx#SDP 2024-25!31']),
    );
    expect((stream.events[0]!.data as ActionCreated['data']).owner).toBe('CSC & EH Management Team');
    expect(planned.summary.actions.new.find((line) => line.row === 31)).toMatchObject({
      status: 'blue',
      completed: true,
      retainedForOversight: true,
    });
  });

  it('rows 51-55 answer the Ofsted 2020 recommendation of row 50', () => {
    const recommendationId = recommendationIdOf(imported.recommendations.find((r) => r.origin.row === 50)!.key);
    const recorded = streamOf(planned, `recommendation-${recommendationId}`).events[0]!;
    expect(recorded).toMatchObject({
      type: 'RecommendationRecorded',
      origin: 'import:service-development-plan-2024-25.xlsx#SDP 2024-25!50',
      effectiveAt: new Date('2020-02-01T00:00:00.000Z'),
    });
    expect((recorded.data as RecommendationRecorded['data']).text).toMatch(
      /^Ofsted recommendation 2020: The recording of management decision making/,
    );
    expect((recorded.data as RecommendationRecorded['data']).sourceId).toBe(
      sourceIdOf('source:ofsted-inspection:2020-02'),
    );
    for (const row of [50, 51, 52, 53, 54, 55]) {
      const created = actionStreamAt(planned, imported, row).events[0]!;
      expect({ row, recommendationId: (created.data as ActionCreated['data']).recommendationId }).toEqual({
        row,
        recommendationId,
      });
    }
  });

  it('row 50\'s "Jan 2022: ..." comment takes effect in January 2022, and so the action exists from then', () => {
    const stream = actionStreamAt(planned, imported, 50);
    const comment = stream.events.find((event) => event.type === 'CommentAdded')!;
    expect(comment).toMatchObject({
      data: { text: 'Jan 2022: TOM complete. DTM position is now permanent and postholder in the role permanently.' },
      effectiveAt: new Date('2022-01-01T00:00:00.000Z'),
      origin: 'import:service-development-plan-2024-25.xlsx#SDP 2024-25!50',
    });
    expect(effective(stream.events[0]!)).toBe('2022-01-01T00:00:00.000Z');
    // An action with no earlier date exists from the plan's start.
    const row8 = actionStreamAt(planned, imported, 8);
    expect(row8.events.filter((event) => event.type === 'ActionCreated').map(effective)).toEqual([
      '2024-04-01T00:00:00.000Z',
    ]);
    // Its undated comment, and row 31's completion and retention, take effect on the workbook's date: the plan
    // has ended and gives no date of its own and no dated comment in its period, so the end of its period.
    expect(planned.summary.asOf).toMatchObject({ date: '2025-03-31', from: 'period-end' });
    expect(row8.events.filter((event) => event.type === 'CommentAdded').map(effective)).toEqual([
      '2025-03-31T00:00:00.000Z',
    ]);
    const row31 = actionStreamAt(planned, imported, 31).events.filter((event) =>
      ['ActionCompleted', 'RagStatusChanged', 'RetainedForOversight'].includes(event.type),
    );
    expect(row31.map(effective)).toEqual([
      '2025-03-31T00:00:00.000Z',
      '2025-03-31T00:00:00.000Z',
      '2025-03-31T00:00:00.000Z',
    ]);
  });

  it("judges the workbook's days in London: a summer day begins at 23:00 UTC the day before, a winter day at midnight UTC", () => {
    const london = planImport(imported, noExistingState(), {
      calendar: new CalendarDays('Europe/London'),
      now: FIRST_IMPORT,
    });
    // The plan's period starts on 1 April 2024, in summer time: 31 March 23:00 UTC.
    expect(
      actionStreamAt(london, imported, 8)
        .events.filter((event) => event.type === 'ActionCreated')
        .map(effective),
    ).toEqual(['2024-03-31T23:00:00.000Z']);
    // "Jan 2022" is winter: London midnight is UTC midnight.
    expect(effective(actionStreamAt(london, imported, 50).events[0]!)).toBe('2022-01-01T00:00:00.000Z');
    // The workbook's day, the end of its period: 31 March 2025, the day after the clocks went forward, so it begins at 23:00 UTC on the 30th.
    expect(london.summary.asOf).toMatchObject({ date: '2025-03-31', from: 'period-end' });
    expect(
      actionStreamAt(london, imported, 31)
        .events.filter((event) => ['ActionCompleted', 'RagStatusChanged', 'RetainedForOversight'].includes(event.type))
        .map(effective),
    ).toEqual(['2025-03-30T23:00:00.000Z', '2025-03-30T23:00:00.000Z', '2025-03-30T23:00:00.000Z']);
    // A day given when importing is that London day too; "today" is the London day of the import's moment.
    const givenDay = planImport(imported, noExistingState(), {
      calendar: new CalendarDays('Europe/London'),
      now: '2025-06-30T23:30:00.000Z',
      asOf: '2025-07-01',
    });
    expect(givenDay.summary.asOf).toMatchObject({ date: '2025-07-01', from: 'option' });
    expect(() =>
      planImport(imported, noExistingState(), {
        calendar: UTC_DAYS,
        now: '2025-06-30T23:30:00.000Z',
        asOf: '2025-07-01',
      }),
    ).toThrow("the workbook's date 2025-07-01 is after today");
  });

  it('a plan still running when imported takes its completions at the import', () => {
    const during = planImport(imported, noExistingState(), { calendar: UTC_DAYS, now: '2024-10-10T09:00:00.000Z' });
    expect(during.summary.asOf).toMatchObject({ date: '2024-10-10', from: 'import' });
    const row31 = actionStreamAt(during, imported, 31).events.filter((event) =>
      ['ActionCompleted', 'RetainedForOversight'].includes(event.type),
    );
    expect(row31.map(effective)).toEqual([null, null]);
  });

  it('keeps the carried-forward note of row 60 as a comment and lists the carried-forward actions in the summary', () => {
    const stream = actionStreamAt(planned, imported, 60);
    expect(
      stream.events
        .filter((event) => event.type === 'CommentAdded')
        .map((event) => (event.data as { text: string }).text),
    ).toEqual(['Retained on our action plan so that we track how we are meeting the recommendations and keep grip.']);
    expect(planned.summary.actions.carriedForward.map((line) => line.row)).toEqual([32, 54, 60, 62]);
    // Row 32's comment already says why it was kept: no second comment saying it again.
    expect(actionStreamAt(planned, imported, 32).events.filter((event) => event.type === 'CommentAdded')).toHaveLength(
      1,
    );
  });

  it('re-planned against the state this import leaves, plans nothing', () => {
    const again = planImport(imported, applyWrites(planned.writes, FIRST_IMPORT), {
      calendar: UTC_DAYS,
      now: SECOND_IMPORT,
    });
    expect(again.writes).toEqual([]);
    expect(again.summary).toMatchObject({
      events: 0,
      streams: 0,
      plan: { new: false },
      sources: { new: [] },
      recommendations: { new: [] },
      actions: { new: [], changed: [], unchanged: 31 },
      comments: { new: 0 },
    });
  });

  it('summarises for people with every warning at its cell', () => {
    const text = formatSummary({ outcome: 'dry-run', position: null, commandId: 'x', summary: planned.summary });
    expect(text).toMatch(/^Dry run of service-development-plan-2024-25\.xlsx: nothing was written/);
    expect(text).toContain("service-development-plan-2024-25.xlsx 'SDP 2024-25'!A30: the need names no source");
    expect(text).toContain('Actions: 31 new, 0 changed, 0 unchanged');
    expect(text).toContain(
      'Columns: A "Why?" → need; B "Who?" → owner; C "Does what?" → action; D "By when?" → due; E "How will we know it has been done?" → measure; ' +
        'F "What will be the experience of children?" → experience; G "RAG rated progress" → status; H "Comments on progress" → comments\n',
    );
  });
});

describe('the columns in the summary', () => {
  it('lists each column once, with its field and how it was read: recognised, mapped, ignored, unknown and empty, or inferred', async () => {
    const header = ['Identified need', 'Lead officer', 'Does what?', 'Notes for the board', 'Notes', 'Column1'];
    const bytes = await buildXlsx([
      sdpPlan([['Need (Aidhour)', 'HoS', 'Does a thing', 'January: begun', 'Asked for by finance', null]], header),
      {
        name: 'SIP',
        rows: [
          ['Plan 2024-25'],
          [null, 'Ref:', 'Action:', 'Lead officer:'],
          ['Aim (Aidhour)', '1.1', 'Does another', 'HoS'],
          [],
          [],
          ['Specific aim:', 'Ref:', 'Action:', 'Lead officer:'],
        ],
      },
    ]);
    const imported = await importWorkbook(bytes, 'columns.xlsx', {
      columnMap: { 'notes for the board': 'comments' },
      ignoreColumns: ['Notes'],
    });
    const { summary } = planImport(imported, noExistingState(), { calendar: UTC_DAYS, now: FIRST_IMPORT });
    expect(summary.columns).toEqual([
      {
        sheet: 'SDP 2024-25',
        row: 3,
        column: 'A',
        header: 'Identified need',
        field: 'need',
        how: 'recognised',
        score: 1,
      },
      {
        sheet: 'SDP 2024-25',
        row: 3,
        column: 'B',
        header: 'Lead officer',
        field: 'owner',
        how: 'recognised',
        score: 1,
      },
      { sheet: 'SDP 2024-25', row: 3, column: 'C', header: 'Does what?', field: 'action', how: 'recognised', score: 1 },
      { sheet: 'SDP 2024-25', row: 3, column: 'D', header: 'Notes for the board', field: 'comments', how: 'mapped' },
      { sheet: 'SDP 2024-25', row: 3, column: 'E', header: 'Notes', field: null, how: 'ignored' },
      { sheet: 'SDP 2024-25', row: 3, column: 'F', header: 'Column1', field: null, how: 'unrecognised' },
      { sheet: 'SIP', row: 2, column: 'A', header: '', field: 'need', how: 'inferred' },
      { sheet: 'SIP', row: 2, column: 'B', header: 'Ref:', field: 'ref', how: 'recognised', score: 1 },
      { sheet: 'SIP', row: 2, column: 'C', header: 'Action:', field: 'action', how: 'recognised', score: 1 },
      { sheet: 'SIP', row: 2, column: 'D', header: 'Lead officer:', field: 'owner', how: 'recognised', score: 1 },
      { sheet: 'SIP', row: 6, column: 'A', header: 'Specific aim:', field: 'need', how: 'recognised', score: 1 },
    ]);
    const text = formatSummary({ outcome: 'dry-run', position: null, commandId: 'x', summary });
    expect(text).toContain(
      'Columns of SDP 2024-25: A "Identified need" → need; B "Lead officer" → owner; C "Does what?" → action; D "Notes for the board" → comments (--map); ' +
        'E "Notes" → ignored (--ignore-column); F "Column1" → not imported (not known; empty)\n',
    );
    expect(text).toContain(
      'Columns of SIP: A (blank) → need (no header: taken for the aims); B "Ref:" → ref; C "Action:" → action; D "Lead officer:" → owner; A "Specific aim:" → need\n',
    );
  });
});

describe('planning the import of the 2018-19 Service Improvement Plan', () => {
  let imported: ImportedPlan;
  let planned: PlannedImport;
  const comments = () =>
    planned.writes.flatMap((write) => write.events).filter((event) => event.type === 'CommentAdded');
  beforeAll(async () => {
    imported = await load(FIXTURES.sip2018);
    planned = planImport(imported, noExistingState(), { calendar: UTC_DAYS, now: FIRST_IMPORT });
  });

  it('describes the end of January 2019, the month of its latest dated comments, and its statuses take effect then', () => {
    expect(planned.summary.asOf).toMatchObject({ date: '2019-01-31', from: 'comment' });
    expect(planned.summary.asOf.detail).toMatch(
      /^the latest dated progress comment in the plan's period, I\d+ on sheet "SIP 2018-19": "January: /,
    );
    const lifecycle = planned.writes
      .flatMap((write) => write.events)
      .filter((event) => ['RagStatusChanged', 'ActionCompleted', 'RetainedForOversight'].includes(event.type));
    expect(lifecycle.length).toBeGreaterThan(50);
    expect(new Set(lifecycle.map(effective))).toEqual(new Set(['2019-01-31T00:00:00.000Z']));
  });

  it('"January:" comments take effect in January 2019', () => {
    const januaries = comments().filter((event) => /^January\b/.test((event.data as { text: string }).text));
    expect(januaries.length).toBeGreaterThan(40);
    expect(new Set(januaries.map(effective))).toEqual(new Set(['2019-01-01T00:00:00.000Z']));
  });

  it('2.2d\'s "May 2018:" comment takes effect in May 2018, from its row', () => {
    const action = imported.actions.find((a) => a.ref === '2.2d' && a.theme?.startsWith('Priority'))!;
    const stream = streamOf(planned, `action-${actionIdOf(planned.planId, action.key)}`);
    const comment = stream.events.find((event) => event.type === 'CommentAdded')!;
    expect(comment).toMatchObject({
      effectiveAt: new Date('2018-05-01T00:00:00.000Z'),
      origin: `import:service-improvement-plan-2018-19.xlsx#SIP 2018-19!${action.origin.row}`,
    });
    expect((comment.data as { text: string }).text).toMatch(/^May 2018: All SW staff/);
  });

  it('"Ofsted recommendation 1" to "4" are four recommendations of one source, the July 2016 Ofsted inspection', () => {
    const sourceId = sourceIdOf('source:ofsted-inspection:2016-07');
    const [registered, ...filed] = streamOf(planned, `source-${sourceId}`).events;
    // Then every recommendation filed on it, so a later plan's restatement is recognised.
    expect(new Set(filed.map((event) => event.type))).toEqual(new Set(['RecommendationFiled']));
    expect([registered]).toEqual([
      expect.objectContaining({
        type: 'SourceRegistered',
        data: {
          sourceId,
          kind: 'ofsted-inspection',
          title: 'Ofsted inspection, July 2016',
          date: '2016-07-01',
        } satisfies SourceRegistered['data'],
        effectiveAt: new Date('2016-07-01T00:00:00.000Z'),
      }),
    ]);
    const recorded = planned.writes
      .flatMap((write) => write.events)
      .filter(
        (event) =>
          event.type === 'RecommendationRecorded' &&
          /^Ofsted recommendation \d$/.test((event.data as RecommendationRecorded['data']).reference ?? ''),
      )
      .map((event) => event.data as RecommendationRecorded['data']);
    expect(recorded.map((data) => data.reference)).toEqual([
      'Ofsted recommendation 1',
      'Ofsted recommendation 2',
      'Ofsted recommendation 3',
      'Ofsted recommendation 4',
    ]);
    expect(new Set(recorded.map((data) => data.sourceId))).toEqual(new Set([sourceId]));
    expect(new Set(recorded.map((data) => data.recommendationId)).size).toBe(4);
  });

  it("the same source and recommendation ids whichever plan names them; actions are the plan's own", async () => {
    const other = planImport(await load(FIXTURES.sdp2024), noExistingState(), {
      calendar: UTC_DAYS,
      now: FIRST_IMPORT,
    });
    const notNamed = `source-${sourceIdOf('source:other:not-named')}`;
    expect(
      planned.writes.some((write) => write.streamId === notNamed) &&
        other.writes.some((write) => write.streamId === notNamed),
    ).toBe(true);
    expect(other.planId).not.toBe(planned.planId);
    // Importing the second plan after the first registers the shared source no more.
    const after = applyWrites(planned.writes, FIRST_IMPORT);
    const second = planImport(await load(FIXTURES.sdp2024), after, { calendar: UTC_DAYS, now: SECOND_IMPORT });
    expect(second.writes.some((write) => write.streamId === notNamed)).toBe(false);
    expect(second.summary.sources.existing).toBe(1);
  });

  it("row 64's unknown status leaves the action unrated, and the warning names J64", () => {
    const stream = actionStreamAt(planned, imported, 64);
    expect(types(stream.events).filter((type) => type !== 'CommentAdded')).toEqual(['ActionCreated']);
    expect(planned.summary.warnings).toContainEqual({
      code: 'UNKNOWN_STATUS',
      cell: "service-improvement-plan-2018-19.xlsx 'SIP 2018-19'!J64",
      message: 'status "r" is not Blue, Red, Amber, Green or Completed; left unrated',
      at: { file: 'service-improvement-plan-2018-19.xlsx', sheet: 'SIP 2018-19', row: 64, column: 'J' },
    });
  });

  it('re-planned against the state this import leaves, plans nothing', () => {
    expect(
      planImport(imported, applyWrites(planned.writes, FIRST_IMPORT), { calendar: UTC_DAYS, now: SECOND_IMPORT })
        .writes,
    ).toEqual([]);
  });

  it('an import made before workbooks had dates is corrected by importing the workbook again with its date: the statuses are added in the past, once', () => {
    // Before, statuses took effect on the day of the import: as an import dated that day does now.
    const old = planImport(imported, noExistingState(), {
      calendar: UTC_DAYS,
      now: FIRST_IMPORT,
      asOf: FIRST_IMPORT.slice(0, 10),
    });
    const lifecycleTypes = ['RagStatusChanged', 'ActionCompleted', 'RetainedForOversight', 'ActionReopened'];
    const lifecycle = (writes: StreamWrite[]) =>
      writes.flatMap((write) =>
        write.events
          .filter((event) => lifecycleTypes.includes(event.type))
          .map((event) => ({ streamId: write.streamId, type: event.type, data: event.data })),
      );
    expect(
      new Set(
        old.writes
          .flatMap((write) => write.events)
          .filter((event) => lifecycleTypes.includes(event.type))
          .map(effective),
      ),
    ).toEqual(new Set([null]));
    const store = applyWrites(old.writes, FIRST_IMPORT);

    const corrected = planImport(imported, store, { calendar: UTC_DAYS, now: SECOND_IMPORT, asOf: '2019-01-31' });
    // Status, completion and retention again on the same actions, now in effect on the workbook's day; nothing else.
    expect(
      corrected.writes
        .flatMap((write) => write.events)
        .map((event) => event.type)
        .filter((type) => !lifecycleTypes.includes(type)),
    ).toEqual([]);
    expect([...new Set(lifecycle(corrected.writes).map(({ streamId }) => streamId))]).toEqual([
      ...new Set(lifecycle(old.writes).map(({ streamId }) => streamId)),
    ]);
    expect(new Set(corrected.writes.flatMap((write) => write.events).map(effective))).toEqual(
      new Set(['2019-01-31T00:00:00.000Z']),
    );
    const after = applyWrites(corrected.writes, SECOND_IMPORT, store);
    // As it stood on that day, each action has the workbook's status; today too, as before.
    for (const action of imported.actions) {
      const known = after.actions.get(actionIdOf(corrected.planId, action.key))!;
      const then = known
        .history!.filter((event) => event.effectiveAt <= '2019-01-31T23:59:59.999Z')
        .reduce(
          (state, event) => actionDecider.evolve(state, event as ActionEvent, event.effectiveAt),
          null as ActionState,
        );
      const expected = {
        row: action.origin.row,
        status: action.completed ? 'blue' : action.status,
        retained: action.retainedForOversight,
      };
      expect({ row: action.origin.row, status: then!.status, retained: then!.retainedForOversight }).toEqual(expected);
      expect({
        row: action.origin.row,
        status: (known.state as NonNullable<ActionState>).status,
        retained: (known.state as NonNullable<ActionState>).retainedForOversight,
      }).toEqual(expected);
    }
    expect(planImport(imported, after, { calendar: UTC_DAYS, now: SECOND_IMPORT, asOf: '2019-01-31' }).writes).toEqual(
      [],
    );
  });
});

describe('planning a later version of a plan already imported', () => {
  let first: PlannedImport;
  let later: ImportedPlan;
  let planned: PlannedImport;
  // The first workbook describes the end of July 2024, the later one the end of January 2025.
  const FIRST_AS_OF = '2024-07-31';
  const LATER_AS_OF = '2025-01-31';
  beforeAll(async () => {
    first = planImport(await load(FIXTURES.sdp2024), noExistingState(), {
      calendar: UTC_DAYS,
      now: FIRST_IMPORT,
      asOf: FIRST_AS_OF,
    });
    later = await load(FIXTURES.sdp2024, await laterVersionOf2024Plan());
    planned = planImport(later, applyWrites(first.writes, FIRST_IMPORT), {
      calendar: UTC_DAYS,
      now: SECOND_IMPORT,
      asOf: LATER_AS_OF,
    });
  });

  it('appends only the differences, each as its own event, at the revision each stream is at', () => {
    const byRow = Object.fromEntries(
      planned.writes.map((write) => {
        const action = later.actions.find((a) => `action-${actionIdOf(planned.planId, a.key)}` === write.streamId);
        return [action ? `row ${action.origin.row}` : write.streamId, types(write.events)];
      }),
    );
    expect(byRow).toEqual({
      'row 7': ['CommentAdded'],
      'row 8': ['RagStatusChanged'],
      'row 9': ['ActionReassigned'],
      'row 10': ['DueDateChanged'],
      'row 64': ['ActionCreated', 'RagStatusChanged'],
    });
    const row8 = actionStreamAt(planned, later, 8);
    expect(row8.expectedRevision).toBe(first.writes.find((w) => w.streamId === row8.streamId)!.events.length - 1);
    expect(row8.events[0]).toMatchObject({
      data: { to: 'red' },
      reason: 'Imported from service-development-plan-2024-25.xlsx',
      origin: 'import:service-development-plan-2024-25.xlsx#SDP 2024-25!8',
    });
    expect(actionStreamAt(planned, later, 9).events[0]!.data).toEqual({ from: 'HoS', to: 'Kinship Care Lead' });
    expect(actionStreamAt(planned, later, 10).events[0]!.data).toEqual({
      from: { kind: 'date', date: '2024-10-01' },
      to: { kind: 'date', date: '2025-01-01' },
    });
    expect(actionStreamAt(planned, later, 64).expectedRevision).toBe('no_stream');
    expect((actionStreamAt(planned, later, 64).events[0]!.data as ActionCreated['data']).recommendationId).toBe(
      recommendationIdOf(actionAt(later, 63).recommendationKey!),
    );
  });

  it("the new comment takes effect on its date; the changes of status, owner and due date on the later workbook's date", () => {
    const comment = actionStreamAt(planned, later, 7).events[0]!;
    expect(comment).toMatchObject({
      data: { text: '15/01/25 - Second DTM appointed and started induction.' },
      effectiveAt: new Date('2025-01-15T00:00:00.000Z'),
    });
    for (const row of [8, 9, 10])
      expect(actionStreamAt(planned, later, row).events.map(effective)).toEqual([`${LATER_AS_OF}T00:00:00.000Z`]);
    expect(planned.summary.asOf).toEqual({ date: LATER_AS_OF, from: 'option', detail: 'given when importing' });
  });

  it('without a date given, the later workbook is taken to describe the day of its latest dated comment', async () => {
    const inferred = planImport(later, applyWrites(first.writes, FIRST_IMPORT), {
      calendar: UTC_DAYS,
      now: SECOND_IMPORT,
    });
    expect(inferred.summary.asOf).toMatchObject({ date: '2025-01-15', from: 'comment' });
    expect(actionStreamAt(inferred, later, 8).events.map(effective)).toEqual(['2025-01-15T00:00:00.000Z']);
  });

  it('an earlier workbook imported after a later one fills in the past, once, and never replaces a later value', async () => {
    const version = (rag: string, who: string) =>
      buildXlsx([
        sdpPlan([sdpRow({ why: 'Feedback from duty workers: handovers', who, what: 'Weekly handover meeting', rag })]),
      ]);
    const [earlierWorkbook, laterWorkbook] = [
      await importWorkbook(await version('Green', 'HoS'), 'plan.xlsx'),
      await importWorkbook(await version('Red', 'DTM'), 'plan.xlsx'),
    ];
    const laterOnly = applyWrites(
      planImport(laterWorkbook, noExistingState(), { calendar: UTC_DAYS, now: FIRST_IMPORT, asOf: LATER_AS_OF }).writes,
      FIRST_IMPORT,
    );
    const earlier = planImport(earlierWorkbook, laterOnly, {
      calendar: UTC_DAYS,
      now: SECOND_IMPORT,
      asOf: FIRST_AS_OF,
    });
    // Red from the later day; the earlier workbook's green is history before it.
    const action = earlier.writes.find((write) => write.streamId.startsWith('action-'))!;
    expect(action.events).toEqual([
      expect.objectContaining({
        type: 'RagStatusChanged',
        data: { from: 'red', to: 'green' },
        effectiveAt: new Date(`${FIRST_AS_OF}T00:00:00.000Z`),
      }),
    ]);
    // Its owner would replace the later one (the action was created with it): not applied, and said so.
    expect(earlier.summary.warnings).toContainEqual(
      expect.objectContaining({ code: 'OLDER_WORKBOOK', message: expect.stringMatching(/its owner was not applied/) }),
    );
    const after = applyWrites(earlier.writes, SECOND_IMPORT, laterOnly);
    expect(
      [...after.actions.values()].map((known) => [
        (known.state as NonNullable<ActionState>).status,
        (known.state as NonNullable<ActionState>).owner,
      ]),
    ).toEqual([['red', 'DTM']]);
    // Imported again, it finds the past already filled in.
    expect(
      planImport(earlierWorkbook, after, { calendar: UTC_DAYS, now: SECOND_IMPORT, asOf: FIRST_AS_OF }).writes,
    ).toEqual([]);
  });

  it('summarises what changed, field by field', () => {
    expect(planned.summary.actions.changed.map((line) => [line.row, line.fields])).toEqual([
      [7, ['comments']],
      [8, ['status']],
      [9, ['owner']],
      [10, ['due']],
    ]);
    expect(planned.summary.actions.new.map((line) => line.row)).toEqual([64]);
    expect(planned.summary.statuses.changes).toEqual([expect.objectContaining({ row: 8, to: 'red' })]);
    expect(planned.summary).toMatchObject({ plan: { new: false }, comments: { new: 1 }, actions: { unchanged: 27 } });
  });

  it('and against the state both imports leave, plans nothing', () => {
    const after = applyWrites(planned.writes, SECOND_IMPORT, applyWrites(first.writes, FIRST_IMPORT));
    expect(
      planImport(later, after, { calendar: UTC_DAYS, now: '2026-05-01T00:00:00.000Z', asOf: LATER_AS_OF }).writes,
    ).toEqual([]);
  });
});

describe('planning what the domain refuses or the plan leaves out', () => {
  it('amends the wording, completes, and reopens, through the domain', async () => {
    const v1 = await importWorkbook(
      await buildXlsx([
        sdpPlan([
          sdpRow({
            why: 'Aidhour audit Feb 2024: supervision',
            who: 'HoS',
            what: 'Audit supervision monthly',
            rag: 'Blue',
            comments: 'May: first audit done.',
          }),
        ]),
      ]),
      'plan.xlsx',
    );
    const first = planImport(v1, noExistingState(), { calendar: UTC_DAYS, now: FIRST_IMPORT });
    const v2 = await importWorkbook(
      await buildXlsx([
        sdpPlan([
          sdpRow({
            why: 'Aidhour audit Feb 2024: supervision',
            who: 'HoS',
            what: 'Audit supervision every quarter',
            how: 'Audit reports',
            rag: 'Amber',
            comments: 'May: first audit done.',
          }),
        ]),
      ]),
      'plan.xlsx',
    );
    const second = planImport(v2, applyWrites(first.writes, FIRST_IMPORT), { calendar: UTC_DAYS, now: SECOND_IMPORT });
    const action = second.writes.find((write) => write.streamId.startsWith('action-'))!;
    expect(types(action.events)).toEqual(['ActionAmended', 'ActionReopened', 'RagStatusChanged']);
    expect(action.events[0]!.data).toEqual({
      changes: [
        { field: 'description', from: 'Audit supervision monthly', to: 'Audit supervision every quarter' },
        { field: 'successMeasure', from: null, to: 'Audit reports' },
      ],
    });
    expect(second.summary.actions.changed[0]!.fields).toEqual(['description', 'successMeasure', 'reopened', 'status']);
    // The preview of an import shows each field before and after.
    expect(second.summary.actions.changed[0]!.changes).toEqual([
      { field: 'description', before: 'Audit supervision monthly', after: 'Audit supervision every quarter' },
      { field: 'successMeasure', before: '', after: 'Audit reports' },
      { field: 'completed', before: 'yes', after: 'no' },
      { field: 'status', before: 'blue', after: 'amber' },
    ]);
  });

  it('leaves a withdrawn action alone, with a warning at its row', async () => {
    const bytes = await buildXlsx([
      sdpPlan([
        sdpRow({
          why: 'Feedback from duty workers: handovers',
          who: 'HoS',
          what: 'Weekly handover meeting',
          rag: 'Green',
        }),
      ]),
    ]);
    const imported = await importWorkbook(bytes, 'plan.xlsx');
    const state = applyWrites(
      planImport(imported, noExistingState(), { calendar: UTC_DAYS, now: FIRST_IMPORT }).writes,
      FIRST_IMPORT,
    );
    const [id, known] = [...state.actions.entries()][0]!;
    state.actions.set(id, {
      state: { ...(known.state as NonNullable<ActionState>), withdrawn: true },
      revision: known.revision,
    });
    const changed = await importWorkbook(
      await buildXlsx([
        sdpPlan([
          sdpRow({
            why: 'Feedback from duty workers: handovers',
            who: 'DTM',
            what: 'Weekly handover meeting',
            rag: 'Red',
          }),
        ]),
      ]),
      'plan.xlsx',
    );
    const planned = planImport(changed, state, { calendar: UTC_DAYS, now: SECOND_IMPORT });
    expect(planned.writes).toEqual([]);
    expect(planned.summary.warnings).toContainEqual({
      code: 'ACTION_WITHDRAWN',
      cell: "plan.xlsx 'SDP 2024-25'!4:4",
      message: 'the action was withdrawn; what the workbook says of it was not imported',
      at: { file: 'plan.xlsx', sheet: 'SDP 2024-25', row: 4, column: null },
    });
  });

  it('opens a plan that gives no period for the April-to-March year of the import, and says so', async () => {
    const bytes = await buildXlsx([
      {
        name: 'Actions',
        rows: [
          ['Why?', 'Who?', 'Does what?', 'RAG'],
          ['Feedback from duty workers: rotas', 'HoS', 'Publish rotas', 'Green'],
        ],
      },
    ]);
    const imported = await importWorkbook(bytes, 'actions.xlsx');
    const planned = planImport(imported, noExistingState(), { calendar: UTC_DAYS, now: FIRST_IMPORT });
    expect(planned.summary.plan).toMatchObject({ periodStart: '2025-04-01', periodEnd: '2026-03-31' });
    expect(planned.summary.warnings.map((warning) => warning.code)).toContain('PERIOD_ASSUMED');
  });
});
