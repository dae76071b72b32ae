import { describe, expect, it } from '@jest/globals';
import { CalendarDays } from '#domain';
import { importWorkbook } from '../import-workbook.js';
import { buildXlsx, SDP_HEADER, sdpRow, toCsv, type CellSpec } from '../testing/workbook.builders.js';
import type { ImportedPlan } from './imported-plan.js';
import { snapshotDateOf } from './snapshot-date.js';

/** A 2024-25 plan whose rows above the header are `preamble`, with one action commented `comments`. */
async function planWith(preamble: CellSpec[][], comments = 'Work started.'): Promise<ImportedPlan> {
  const rows = [
    ...preamble,
    SDP_HEADER,
    sdpRow({
      why: 'Feedback from duty workers: handovers',
      who: 'HoS',
      what: 'Weekly handover meeting',
      rag: 'Green',
      comments,
    }),
  ];
  return importWorkbook(await buildXlsx([{ name: 'SDP 2024-25', rows }]), 'plan.xlsx');
}

const PERIOD = { start: '2024-04-01', end: '2025-03-31' };

describe('the date a workbook states for itself', () => {
  it.each([
    ['Service Development Plan 2024-25 - Update January 2025', '2025-01-31'],
    ['Position as at 14 February 2025', '2025-02-14'],
    ['As at 31 January 2025', '2025-01-31'],
    ['Plan updated: 03/03/25', '2025-03-03'],
    ['Last updated 2025-02-01', '2025-02-01'],
    ['Author: A N Other Date of Plan: April 2024 Date of this review: 15/01/25', '2025-01-15'],
  ])('"%s" → %s', async (line, date) => {
    const plan = await planWith([['Service Development Plan 2024-25'], [line]]);
    expect(plan.stated).toMatchObject({ date, origin: { sheet: 'SDP 2024-25', row: 2, column: 'A' } });
  });

  it('reads a labelled cell with the date in the next one, as a date cell', async () => {
    const plan = await planWith([
      ['Service Development Plan 2024-25'],
      ['Date of this review:', new Date(Date.UTC(2024, 9, 7))],
    ]);
    expect(plan.stated).toMatchObject({ date: '2024-10-07', text: 'Date of this review:' });
  });

  it.each([
    ['Date of Plan: April 2024'],
    ['Author: A N Other Date of review: quarterly Date of this review: first plan'],
    ['Review Date: 2019-01-01'],
    ['Updates to be given quarterly'],
  ])(
    'takes no date from "%s": when a plan was made, or when it will be reviewed, is not the day it describes',
    async (line) => {
      expect((await planWith([['Service Development Plan 2024-25'], [line]])).stated).toBeNull();
    },
  );

  it('keeps the workbook\'s own "last saved" date, and none for a CSV', async () => {
    expect((await planWith([['Service Development Plan 2024-25']])).modified).toMatch(
      /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/,
    );
    const csv = await importWorkbook(
      Buffer.from(
        toCsv([
          ['Why?', 'Who?', 'Does what?'],
          ['Staff feedback', 'HoS', 'Monthly forums'],
        ]),
      ),
      'plan.csv',
    );
    expect(csv.modified).toBeNull();
  });
});

describe('the day a workbook describes, in the stated order', () => {
  const today = '2026-06-01';
  const utc = new CalendarDays('UTC');
  const inputs = (asOf: string | null = null, period = PERIOD, day = today, calendar = utc) => ({
    asOf,
    today: day,
    period,
    dayOf: (instant: string) => calendar.dayOf(instant),
  });

  it('1. the day given when importing wins over everything the workbook says', async () => {
    const plan = await planWith([['Plan - Update January 2025']], 'March: done.');
    expect(snapshotDateOf(plan, inputs('2024-12-31'))).toEqual({
      date: '2024-12-31',
      from: 'option',
      detail: 'given when importing',
    });
  });

  it('2. then a date the workbook states, over its comments', async () => {
    const plan = await planWith([['Plan 2024-25 - Update January 2025']], 'March: done.');
    expect(snapshotDateOf(plan, inputs())).toMatchObject({
      date: '2025-01-31',
      from: 'stated',
      detail: 'A1 on sheet "SDP 2024-25" says "Plan 2024-25 - Update January 2025"',
    });
  });

  it('3. then the latest dated comment within the period (a month alone is its last day); comments outside the period do not count', async () => {
    const plan = await planWith(
      [['Service Development Plan 2024-25']],
      'June: started. November: half done. 15/05/2025 - after the year end.',
    );
    expect(snapshotDateOf(plan, inputs())).toMatchObject({ date: '2024-11-30', from: 'comment' });
  });

  it('4. then when the workbook was saved, within its period or up to three months after', () => {
    const plan = { stated: null, actions: [], modified: '2025-05-20T10:00:00.000Z' };
    expect(snapshotDateOf(plan, inputs())).toMatchObject({ date: '2025-05-20', from: 'modified' });
    expect(snapshotDateOf({ ...plan, modified: '2026-01-20T10:00:00.000Z' }, inputs())).toMatchObject({
      date: '2025-03-31',
      from: 'period-end',
    });
    expect(snapshotDateOf({ ...plan, modified: '2024-01-20T10:00:00.000Z' }, inputs())).toMatchObject({
      date: '2025-03-31',
      from: 'period-end',
    });
  });

  it('takes the day the workbook was saved in London: 23:30 UTC on 20 May is the 21st there', () => {
    const plan = { stated: null, actions: [], modified: '2025-05-20T23:30:00.000Z' };
    const london = new CalendarDays('Europe/London');
    expect(snapshotDateOf(plan, inputs(null, PERIOD, today, london))).toMatchObject({
      date: '2025-05-21',
      from: 'modified',
    });
    expect(snapshotDateOf(plan, inputs())).toMatchObject({ date: '2025-05-20', from: 'modified' });
  });

  it('5. then the end of the period of a plan that has ended; 6. else the day of the import', () => {
    const plan = { stated: null, actions: [], modified: null };
    expect(snapshotDateOf(plan, inputs())).toMatchObject({ date: '2025-03-31', from: 'period-end' });
    expect(snapshotDateOf(plan, inputs(null, PERIOD, '2024-10-10'))).toMatchObject({
      date: '2024-10-10',
      from: 'import',
    });
  });

  it('never a day after the import: a stated date still to come, or a comment this month, is not taken beyond today', async () => {
    const stated = await planWith([['Plan 2024-25 - As at 31 December 2024']]);
    expect(snapshotDateOf(stated, inputs(null, PERIOD, '2024-10-10'))).toMatchObject({
      date: '2024-10-10',
      from: 'import',
    });
    const commented = await planWith([['Service Development Plan 2024-25']], 'October: going well.');
    expect(snapshotDateOf(commented, inputs(null, PERIOD, '2024-10-10'))).toMatchObject({
      date: '2024-10-10',
      from: 'comment',
    });
  });
});
