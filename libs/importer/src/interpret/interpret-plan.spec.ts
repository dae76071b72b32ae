import { describe, expect, it } from '@jest/globals';
import { importWorkbook } from '../import-workbook.js';
import { MAX_ROWS } from '../read/read-workbook.js';
import { ColumnChoices } from '../layout/column-options.js';
import { buildXlsx, SDP_HEADER, sdpPlan, sdpRow, toCsv, type CellSpec } from '../testing/workbook.builders.js';
import { WorkbookError } from '../workbook-error.js';
import type { ImportedPlan } from './imported-plan.js';
import type { InterpretOptions } from './interpret-plan.js';

const importXlsx = async (
  rows: CellSpec[][],
  header?: string[],
  options: InterpretOptions = {},
): Promise<ImportedPlan> => importWorkbook(await buildXlsx([sdpPlan(rows, header)]), 'built.xlsx', options);
const refusal = async (work: Promise<unknown>): Promise<WorkbookError> => {
  const error = await work.then(
    () => null,
    (e: unknown) => e,
  );
  if (!(error instanceof WorkbookError)) throw new Error(`expected a WorkbookError, got ${String(error)}`);
  return error;
};
const byRow = (plan: ImportedPlan, row: number) => {
  const action = plan.actions.find((a) => a.origin.row === row);
  if (!action) throw new Error(`no action at row ${row}`);
  return action;
};

describe('interpretPlan: a workbook built in memory', () => {
  it('maps reordered, renamed columns and reports an unknown one with nothing below it without failing', async () => {
    const header = [
      'RAG status',
      'Comments',
      'Budget code',
      'Action',
      'Lead officer',
      'End date',
      'Specific aim',
      'Measure/outcome',
    ];
    const plan = await importXlsx(
      [['Amber', 'January: started', null, 'Runs sessions', 'hos', '01-Sep-24', 'Aim text (Aidhour)', 'Minutes']],
      header,
    );
    const action = byRow(plan, 4);
    expect(action).toMatchObject({
      description: 'Runs sessions',
      owner: 'HoS',
      due: { kind: 'date', date: '2024-09-01' },
      successMeasure: 'Minutes',
      status: 'amber',
      comments: [
        {
          text: 'January: started',
          effectiveDate: '2025-01-01',
          precision: 'month',
          origin: { file: 'built.xlsx', sheet: 'SDP 2024-25', row: 4, column: 'B' },
        },
      ],
    });
    expect(plan.unknownColumns).toEqual([
      { sheet: 'SDP 2024-25', row: 3, column: 'C', header: 'Budget code', candidates: [] },
    ]);
    expect(plan.warnings).toContainEqual(
      expect.objectContaining({
        code: 'UNKNOWN_COLUMN',
        cell: { file: 'built.xlsx', sheet: 'SDP 2024-25', row: 3, column: 'C' },
      }),
    );
    expect(plan.columns.find((c) => c.column === 'C')).toEqual({
      sheet: 'SDP 2024-25',
      row: 3,
      column: 'C',
      header: 'Budget code',
      field: null,
      how: 'unrecognised',
    });
  });

  it('reads a tracker whose headers say the fields in words of their own, in any order: every column, the source named in the need', async () => {
    const header = [
      'Progress update',
      'Evidence of impact',
      'Identified need',
      'Actions to be taken',
      'Target date',
      'Lead officer(s)',
      'Difference for the child',
      'BRAG rating',
    ];
    const plan = await importXlsx(
      [
        [
          'May 2024: started',
          'Minutes of the panel',
          'Plans are not SMART (Aidhour audit February 2024)',
          'Audits ten plans a month',
          '31/03/2025',
          'hos',
          'Plans they understand',
          'Green',
        ],
      ],
      header,
    );
    expect(plan.actions).toEqual([
      expect.objectContaining({
        description: 'Audits ten plans a month',
        owner: 'HoS',
        due: { kind: 'date', date: '2025-03-31' },
        successMeasure: 'Minutes of the panel',
        experienceOfChildren: 'Plans they understand',
        status: 'green',
        sourceKey: 'source:independent-audit:2024-02',
        comments: [expect.objectContaining({ text: 'May 2024: started', effectiveDate: '2024-05-01' })],
      }),
    ]);
    expect(plan.columns.map((c) => [c.column, c.field, c.how])).toEqual([
      ['A', 'comments', 'recognised'],
      ['B', 'measure', 'recognised'],
      ['C', 'need', 'recognised'],
      ['D', 'action', 'recognised'],
      ['E', 'due', 'recognised'],
      ['F', 'owner', 'recognised'],
      ['G', 'experience', 'recognised'],
      ['H', 'status', 'recognised'],
    ]);
    expect(plan.warnings.filter((w) => w.code === 'SOURCE_NOT_NAMED' || w.code === 'UNKNOWN_COLUMN')).toEqual([]);
  });

  it('refuses a column of text under a header it does not know (UNMAPPED_COLUMN), naming file, sheet, column, header, what it could be and how to say', async () => {
    const header = [...SDP_HEADER, 'Notes for finance', 'Progress'];
    const rows = [
      [...sdpRow({ why: 'Need (Aidhour)', what: 'Does a thing', comments: 'January: begun' }), null, 'Revised figures'],
    ];
    const error = await refusal(importXlsx(rows, header));
    expect(error).toMatchObject({ code: 'UNMAPPED_COLUMN', file: 'built.xlsx', sheet: 'SDP 2024-25' });
    expect(error.columns).toEqual([
      {
        sheet: 'SDP 2024-25',
        row: 3,
        column: 'J',
        header: 'Progress',
        firstValueAt: 'J4',
        candidates: [
          { field: 'comments', score: 1, takenBy: 'H' },
          expect.objectContaining({ field: 'status', takenBy: 'G' }),
        ],
      },
    ]);
    expect(error.message).toBe(
      'built.xlsx: a column holds text under a header that is not one the importer knows, so nothing was imported: sheet "SDP 2024-25" column J "Progress" (text from J4), which could be comments (already column H) or status (already column G). ' +
        'Say which field it is with --map "Progress=<field>" (the fields: need, ref, owner, dltLead, action, start, due, measure, experience, status, comments), or leave it out knowingly with --ignore-column "Progress"; over HTTP, map=Progress=<field> or ignoreColumn=Progress.',
    );
    // Its empty neighbour I, "Notes for finance", is only a warning once J is dealt with.
    const ignored = await importXlsx(rows, header, { ignoreColumns: ['progress'] });
    expect(ignored.warnings.filter((w) => w.code === 'UNKNOWN_COLUMN').map((w) => w.cell.column)).toEqual(['I']);
    expect(ignored.columns.find((c) => c.column === 'J')).toMatchObject({
      header: 'Progress',
      field: null,
      how: 'ignored',
    });
  });

  it('imports the column as the field it is mapped to, its header matched whatever the case and punctuation', async () => {
    const header = ['Why?', 'Who?', 'Does what?', 'Notes for the board'];
    const rows = [['Need (Aidhour)', 'HoS', 'Does a thing', 'January: begun']];
    expect((await refusal(importXlsx(rows, header))).columns.map((c) => c.header)).toEqual(['Notes for the board']);
    const plan = await importXlsx(rows, header, { columnMap: { 'NOTES FOR THE BOARD:': 'comments' } });
    expect(plan.actions[0]!.comments).toEqual([
      expect.objectContaining({ text: 'January: begun', effectiveDate: '2025-01-01' }),
    ]);
    expect(plan.columns.find((c) => c.column === 'D')).toEqual({
      sheet: 'SDP 2024-25',
      row: 3,
      column: 'D',
      header: 'Notes for the board',
      field: 'comments',
      how: 'mapped',
    });
    const unused = await importXlsx(rows, header, {
      columnMap: { 'Notes for the board': 'comments', 'Lead officer': 'owner' },
      ignoreColumns: ['Budget'],
    });
    expect(unused.warnings.filter((w) => w.code === 'COLUMN_OPTION_UNUSED').map((w) => w.message)).toEqual([
      'the column mapping "Lead officer" matched no header in the workbook; it was not used',
      'the column to ignore "Budget" matched no header in the workbook; it was not used',
    ]);
    expect(() => new ColumnChoices({ columnMap: { Notes: 'notes' as never } })).toThrow(
      /"notes" \(for "Notes"\) is not a field; the fields are need, ref/,
    );
  });

  it('looks for text in an unknown column only below its header, up to the next header row', async () => {
    const plan = await importWorkbook(
      await buildXlsx([
        {
          name: 'SIP 2018-19',
          rows: [
            ['Service Improvement Plan 2018-19'],
            ['Specific aim:', 'Action:', 'Lead officer:', 'Comments:', 'Budget'],
            ['Aim one (Aidhour)', 'Does one', 'HoS', 'January: begun', null],
            [],
            ['Specific aim:', 'Action:', 'Lead officer:', 'Comments:', 'Extra notes'],
            ['Aim two (Aidhour)', 'Does two', 'HoS', null, null],
          ],
        },
      ]),
      'sections.xlsx',
    );
    expect(plan.warnings.filter((w) => w.code === 'UNKNOWN_COLUMN').map((w) => [w.cell.row, w.cell.column])).toEqual([
      [2, 'E'],
      [5, 'E'],
    ]);
    const refused = await refusal(
      importWorkbook(
        await buildXlsx([
          {
            name: 'SIP',
            rows: [
              ['Specific aim:', 'Action:', 'Lead officer:', 'Budget'],
              ['Aim one (Aidhour)', 'Does one', 'HoS', null],
              ['Specific aim:', 'Action:', 'Lead officer:', 'Budget'],
              ['Aim two', 'Does two', 'HoS', '£300'],
            ],
          },
        ]),
        'sections.xlsx',
      ),
    );
    expect(refused.columns).toEqual([
      expect.objectContaining({ row: 1, column: 'D', header: 'Budget', firstValueAt: 'D4' }),
    ]);
  });

  it('reads statuses carried only as fill colours, and leaves an unknown "r" unrated with a warning naming the cell', async () => {
    const plan = await importXlsx([
      sdpRow({ why: 'Need one', what: 'Red one', rag: { fill: 'FFFF0000' } }),
      sdpRow({ what: 'Amber one', rag: { fill: 'FFFFC000' } }),
      sdpRow({ what: 'Green one', rag: { fill: 'FF00B050' } }),
      sdpRow({ what: 'Blue one', rag: { fill: 'FF0070C0' } }),
      sdpRow({ what: 'Unrated', rag: { fill: 'FFFFFFFF' } }),
      sdpRow({ what: 'Odd one', rag: 'r' }),
    ]);
    expect(plan.actions.map((a) => [a.description, a.status, a.statusFrom, a.completed])).toEqual([
      ['Red one', 'red', 'fill', false],
      ['Amber one', 'amber', 'fill', false],
      ['Green one', 'green', 'fill', false],
      ['Blue one', 'blue', 'fill', true],
      ['Unrated', null, null, false],
      ['Odd one', null, null, false],
    ]);
    expect(plan.warnings.filter((w) => w.code === 'UNKNOWN_STATUS')).toEqual([
      {
        code: 'UNKNOWN_STATUS',
        cell: { file: 'built.xlsx', sheet: 'SDP 2024-25', row: 9, column: 'G' },
        message: 'G9: status "r" is not Blue, Red, Amber, Green or Completed; left unrated',
      },
    ]);
  });

  it('tells completion-and-retention apart from an unfinished action carried forward', async () => {
    const plan = await importXlsx([
      sdpRow({
        why: 'Ofsted recommendations from judgment in February 2020',
        what: 'Reviews step downs',
        when: 'Weekly.',
        comments: 'complete - (kept in to retain oversight)',
      }),
      sdpRow({
        why: 'Cost of living crisis',
        what: 'Ensures support fund',
        when: new Date(Date.UTC(2024, 11, 1)),
        comments: 'Retained due to ongoing cost of living crisis. This is consistent practice',
      }),
      sdpRow({
        why: 'Co-production',
        what: 'Voice of child',
        comments: 'Retained for continuity: this needs more focussed work. More to do.',
      }),
    ]);
    expect(
      plan.actions.map((a) => [a.completed, a.retainedForOversight, a.carriedForward, a.carriedForwardNote]),
    ).toEqual([
      [true, true, false, null],
      [false, false, true, 'Retained due to ongoing cost of living crisis.'],
      [false, false, true, 'Retained for continuity: this needs more focussed work.'],
    ]);
    expect(byRow(plan, 4).due).toEqual({ kind: 'text', text: 'Weekly.' });
  });

  it('continues the recommendation above when Why? is empty, and takes the source of a section heading', async () => {
    const plan = await importXlsx([
      ['Audit 2024 service wide recommendations'],
      sdpRow({ why: 'Add sexual orientation to the personal information tab.', what: 'Requests IT change' }),
      sdpRow({ what: 'Checks performance reports' }),
      sdpRow({
        why: 'Recommendation following Audit Feb 2024. Explore family finding services',
        what: 'Asks the LASC group',
      }),
    ]);
    const [first, second, third] = plan.actions;
    expect(second.recommendationKey).toBe(first.recommendationKey);
    expect(third.recommendationKey).not.toBe(first.recommendationKey);
    // "Audit 2024" is the one audit of 2024 the plan dates: February.
    expect(plan.sources).toEqual([
      expect.objectContaining({
        key: 'source:independent-audit:2024-02',
        kind: 'independent-audit',
        date: '2024-02-01',
      }),
    ]);
    expect(new Set(plan.actions.map((a) => a.sourceKey))).toEqual(new Set(['source:independent-audit:2024-02']));
    expect(first.theme).toBe('Audit 2024 service wide recommendations');
  });

  it('gives the same keys to a later version with new statuses, owners, dates, comments, wording and rows above', async () => {
    const v1 = await importXlsx([
      ['Audit 2024 service wide recommendations'],
      sdpRow({
        why: 'Aidhour Audit Feb 2024. Strengthen work with young people.',
        who: 'HoS',
        what: 'Reviews training offer',
        when: 'Jul-24',
        rag: 'Amber',
        comments: 'January: first',
      }),
      sdpRow({ who: 'TM', what: 'Links with YJS' }),
      ['care leavers'],
      sdpRow({
        why: 'Our care leaver offer needed a full rewrite.',
        who: 'HoS',
        what: 'Takes the offer through governance',
      }),
    ]);
    const v2 = await importXlsx([
      ['Identified via colleagues in the service:'],
      sdpRow({ why: 'A brand new need', what: 'A brand new action' }),
      [],
      ['Audit 2024 service wide recommendations'],
      sdpRow({
        why: 'Aidhour Audit Feb 2024. Strengthen work with young people.',
        who: 'СР',
        what: 'Reviews the whole training offer again',
        when: 'Sep-24',
        rag: 'Green',
        comments: 'January: first. February: second',
      }),
      sdpRow({ who: 'HoS', what: 'Links with the YJS specialist', rag: 'Blue' }),
      ['care leavers'],
      sdpRow({
        why: 'Our care leaver offer needed a full rewrite.',
        who: 'EH lead',
        what: 'Publishes the offer',
        when: 'complete',
      }),
    ]);
    const keys = (plan: ImportedPlan) => plan.actions.map((a) => a.key);
    expect(keys(v2)).toEqual(expect.arrayContaining(keys(v1)));
    expect(v2.recommendations.map((r) => r.key)).toEqual(expect.arrayContaining(v1.recommendations.map((r) => r.key)));
    expect(keys(v1)).toEqual([
      'action:independent-audit:2024-02/strengthen-work-with-young-people/#1',
      'action:independent-audit:2024-02/strengthen-work-with-young-people/#2',
      'action:other:not-named/our-care-leaver-offer-needed-a-full-rewrite/#1',
    ]);
  });

  it('reads a CSV plan the same way', async () => {
    const csv = toCsv([
      ['Service Development Plan 2024-25', '', '', ''],
      ['Why?', 'Who?', 'Does what?', 'By when?', 'RAG status', 'Comments on progress'],
      [
        'Feedback from Duty workers - thresholds too low',
        'hos',
        'Joins police workshop',
        'May-24',
        'green',
        'August - first workshop held.\nJanuary: second held',
      ],
    ]);
    const plan = await importWorkbook(new TextEncoder().encode(csv), 'plan.csv');
    expect(plan.format).toBe('csv');
    expect(plan.plan).toMatchObject({
      title: 'Service Development Plan 2024-25',
      periodStart: '2024-04-01',
      periodEnd: '2025-03-31',
    });
    expect(plan.actions[0]).toMatchObject({
      owner: 'HoS',
      due: { kind: 'date', date: '2024-05-01' },
      status: 'green',
      sourceKey: 'source:staff-feedback:feedback-from-duty-workers',
      comments: [
        { text: 'August - first workshop held.', effectiveDate: '2024-08-01' },
        { text: 'January: second held', effectiveDate: '2025-01-01' },
      ],
    });
    expect(plan.warnings.map((w) => w.code)).toContain('PERIOD_ASSUMED');
  });

  it('warns, naming the file, when the period cannot be found, and leaves month-only comments undated', async () => {
    const bytes = await buildXlsx([
      {
        name: 'Sheet1',
        rows: [['Improvement plan'], ['Why?', 'Does what?', 'Comments'], ['Need', 'Act', 'January: done']],
      },
    ]);
    const plan = await importWorkbook(bytes, 'undated.xlsx');
    expect(plan.plan.periodStart).toBeNull();
    expect(plan.warnings.map((w) => w.code)).toEqual(
      expect.arrayContaining(['PERIOD_NOT_FOUND', 'COMMENT_DATE_NEEDS_PERIOD']),
    );
    expect(plan.actions[0].comments[0].effectiveDate).toBeNull();
  });

  it('refuses a workbook with no header row, naming the file and sheet', async () => {
    const bytes = await buildXlsx([{ name: 'Notes', rows: [['Just some notes'], ['and more', 'text']] }]);
    const error = await importWorkbook(bytes, 'notes.xlsx').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WorkbookError);
    expect(error).toMatchObject({ code: 'NO_HEADER', file: 'notes.xlsx', sheet: 'Notes' });
    expect((error as Error).message).toMatch(/^notes\.xlsx: no header row found in sheet "Notes"/);
  });

  it('keeps huge cells whole', async () => {
    const long = `January: ${'word '.repeat(6000)}end.`;
    const plan = await importXlsx([
      sdpRow({ why: 'x'.repeat(30000), what: 'y '.repeat(15000).trim(), comments: long }),
    ]);
    expect(plan.actions[0].description).toHaveLength(29999);
    expect(plan.actions[0].comments).toHaveLength(1);
    expect(plan.actions[0].comments[0].text).toBe(long.trim());
  });

  it('reads the largest workbook it takes (title and header rows, then actions up to MAX_ROWS) and reports progress up to the total', async () => {
    const actions = MAX_ROWS - 10; // sdpPlan adds its title and header rows; whole tens keep one need per ten rows
    const rows: CellSpec[][] = [];
    for (let i = 0; i < actions; i += 1)
      rows.push(
        sdpRow(
          i % 10 === 0
            ? { why: `Need number ${i}`, what: `Action ${i}`, rag: 'Green' }
            : { what: `Action ${i}`, rag: 'Amber', comments: 'January: ok' },
        ),
      );
    const bytes = await buildXlsx([sdpPlan(rows)]);
    const calls: [number, number][] = [];
    const plan = await importWorkbook(bytes, 'big.xlsx', { onProgress: (done, total) => calls.push([done, total]) });
    expect(plan.actions).toHaveLength(actions);
    expect(plan.recommendations).toHaveLength(actions / 10);
    expect(new Set(plan.actions.map((a) => a.key)).size).toBe(actions);
    expect(calls.at(-1)).toEqual([actions + 3, actions + 3]);
    expect(calls.every(([done], i) => i === 0 || done >= calls[i - 1][0])).toBe(true);
  }, 120_000);
});
