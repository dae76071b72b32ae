import { describe, expect, it } from '@jest/globals';
import ExcelJS from 'exceljs';
import { CalendarDays } from '#domain';
import { interpretPlan } from '../interpret/interpret-plan.js';
import { readWorkbook } from '../read/read-workbook.js';
import { exportFileName, exportPlanWorkbook } from './export-plan.js';
import { asAtLine, layOutPlan, RETAINED_STATUS_TEXT } from './lay-out-plan.js';
import type { PlanToExport } from './plan-to-export.js';
import { aCommentToExport, anActionToExport, aPlanToExport } from './testing/plan-to-export.builders.js';
import { STATUS_FILLS } from './write-workbook.js';

// Days judged in UTC (TIME_ZONE=UTC), as before TIME_ZONE; the London case is its own test.
const AS_AT = { asAt: '2025-01-31', calendar: new CalendarDays('UTC') };

/** The plan exported, then read back by the importer: what a re-import would see. */
async function roundTrip(plan: PlanToExport) {
  const bytes = await exportPlanWorkbook(plan, AS_AT);
  return { bytes, imported: interpretPlan(await readWorkbook(bytes, 'export.xlsx')) };
}

describe('exporting a plan to its workbook', () => {
  it('writes the title rows the importer reads the plan from, and the day it describes as "As at 31 January 2025"', async () => {
    const { imported } = await roundTrip(aPlanToExport({ actions: [anActionToExport()] }));
    expect(imported.plan).toMatchObject({
      title: 'Service Development Plan 2024-25',
      periodStart: '2024-04-01',
      periodEnd: '2025-03-31',
      owner: 'Head of Service',
      board: 'Achieving Excellence Board',
      reviewFrequency: 'quarterly',
    });
    expect(imported.stated).toMatchObject({ date: '2025-01-31', text: 'As at 31 January 2025' });
    expect(['2019-01-01', '2024-12-25', '2025-09-09'].map(asAtLine)).toEqual([
      'As at 1 January 2019',
      'As at 25 December 2024',
      'As at 9 September 2025',
    ]);
  });

  it('leaves Why? empty on the next actions answering the same need, and repeats the header before an action answering none', async () => {
    const need = {
      id: 'rec-50',
      text: "Ofsted recommendation 2020: The recording of management decision making at all stages of a child's journey.",
    };
    const plan = aPlanToExport({
      actions: [
        anActionToExport({ recommendation: need, ref: '1', description: 'Build management capacity.' }),
        anActionToExport({ recommendation: need, ref: '2', description: 'Extend the Deputy Team Manager pilot.' }),
        anActionToExport({ recommendation: null, ref: '3', description: 'Offers further management training to DTM.' }),
      ],
    });
    const rows = layOutPlan(plan, AS_AT).rows.filter((row) => row.kind === 'action' || row.kind === 'header');
    expect(rows.map((row) => (row.kind === 'action' ? row.cells.need : 'header'))).toEqual([
      'header',
      need.text,
      null,
      'header',
      null,
    ]);
    const { imported } = await roundTrip(plan);
    const [first, second, third] = imported.actions;
    expect(second!.recommendationKey).toBe(first!.recommendationKey);
    expect(first!.recommendationKey).not.toBeNull();
    expect(third!.recommendationKey).toBeNull();
  });

  it('writes BRAG as the word and its fill, and a completed action kept in the plan as the words the importer reads as retention', async () => {
    const plan = aPlanToExport({
      actions: [
        anActionToExport({ status: 'red', description: 'Red one.' }),
        anActionToExport({ status: 'amber', description: 'Amber one.' }),
        anActionToExport({ status: 'green', description: 'Green one.' }),
        anActionToExport({ status: 'blue', completed: true, description: 'Blue one.' }),
        anActionToExport({ status: 'blue', completed: true, retainedForOversight: true, description: 'Kept one.' }),
        anActionToExport({ description: 'Unrated one.' }),
      ],
    });
    const { bytes, imported } = await roundTrip(plan);
    expect(
      imported.actions.map(({ status, completed, retainedForOversight }) => ({
        status,
        completed,
        retainedForOversight,
      })),
    ).toEqual(
      plan.actions.map(({ status, completed, retainedForOversight }) => ({ status, completed, retainedForOversight })),
    );
    expect(
      imported.warnings.filter(
        (warning) => warning.code === 'STATUS_FILL_DISAGREES' || warning.code === 'UNKNOWN_STATUS',
      ),
    ).toEqual([]);
    const grid = await readWorkbook(bytes, 'export.xlsx');
    const statusCells = grid.sheets[0]!.rows.flatMap((row) => row.cells).filter(
      (cell) => cell.column === 'J' && cell.row > 7,
    );
    expect(statusCells.map((cell) => [cell.value?.kind === 'text' ? cell.value.text : null, cell.fill])).toEqual([
      ['Red', STATUS_FILLS.red],
      ['Amber', STATUS_FILLS.amber],
      ['Green', STATUS_FILLS.green],
      ['Blue', STATUS_FILLS.blue],
      [RETAINED_STATUS_TEXT, STATUS_FILLS.blue],
    ]);
  });

  it('dates a comment by its day in London: 23:30 UTC in summer is the next day, and a London midnight is the month it opens', () => {
    const plan = aPlanToExport({
      actions: [
        anActionToExport({
          comments: [
            aCommentToExport({ text: 'Second session held.', effectiveAt: '2024-07-15T23:30:00.000Z' }),
            aCommentToExport({ text: 'Reviewed at DLT.', effectiveAt: '2024-08-31T23:00:00.000Z' }),
          ],
        }),
      ],
    });
    const cellsIn = (zone: string) => {
      const [row] = layOutPlan(plan, { asAt: '2025-01-31', calendar: new CalendarDays(zone) }).rows.filter(
        (r) => r.kind === 'action',
      );
      return row!.kind === 'action' && row!.cells.comments;
    };
    expect(cellsIn('Europe/London')).toBe('16/07/2024 - Second session held.\nSeptember 2024: Reviewed at DLT.');
    expect(cellsIn('UTC')).toBe('15/07/2024 - Second session held.\n31/08/2024 - Reviewed at DLT.');
  });

  it("dates a comment made through the API in front of its words, keeps a workbook's comment as written, and puts an unmarked one first", async () => {
    const plan = aPlanToExport({
      actions: [
        anActionToExport({
          comments: [
            aCommentToExport({
              text: 'January: sessions monthly.',
              effectiveAt: '2025-01-01T00:00:00.000Z',
              fromWorkbook: true,
            }),
            aCommentToExport({
              text: 'Terms of reference agreed.',
              effectiveAt: '2024-04-01T00:00:00.000Z',
              fromWorkbook: true,
            }),
            aCommentToExport({ text: 'Second session held.', effectiveAt: '2024-07-15T09:45:00.000Z' }),
            aCommentToExport({ text: 'Reviewed at DLT.', effectiveAt: '2024-09-01T00:00:00.000Z' }),
          ],
        }),
      ],
    });
    const [row] = layOutPlan(plan, AS_AT).rows.filter((r) => r.kind === 'action');
    expect(row!.kind === 'action' && row!.cells.comments).toBe(
      'Terms of reference agreed.\nJanuary: sessions monthly.\n15/07/2024 - Second session held.\nSeptember 2024: Reviewed at DLT.',
    );
    const { imported } = await roundTrip(plan);
    expect(
      imported.actions[0]!.comments.map(({ text, effectiveDate, precision }) => ({ text, effectiveDate, precision })),
    ).toEqual([
      { text: 'Terms of reference agreed.', effectiveDate: null, precision: null },
      { text: 'January: sessions monthly.', effectiveDate: '2025-01-01', precision: 'month' },
      { text: '15/07/2024 - Second session held.', effectiveDate: '2024-07-15', precision: 'day' },
      { text: 'September 2024: Reviewed at DLT.', effectiveDate: '2024-09-01', precision: 'month' },
    ]);
  });

  it('writes a date as a date cell and words as words', async () => {
    const plan = aPlanToExport({
      actions: [
        anActionToExport({
          start: { kind: 'date', date: '2024-05-01' },
          due: { kind: 'text', text: 'June and March 2025' },
        }),
      ],
    });
    const { bytes, imported } = await roundTrip(plan);
    expect(imported.actions[0]).toMatchObject({
      start: { kind: 'date', date: '2024-05-01' },
      due: { kind: 'text', text: 'June and March 2025' },
    });
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(Buffer.from(bytes) as unknown as ArrayBuffer);
    const actionRow = workbook.worksheets[0]!.getRow(9);
    expect(actionRow.getCell('F').value).toEqual(new Date('2024-05-01T00:00:00.000Z'));
    expect(actionRow.getCell('G').value).toBe('June and March 2025');
  });

  it('sets apart a row whose words would read as text spilled from the action above, and ends a section with two blank rows before a theme-less action', async () => {
    const plan = aPlanToExport({
      actions: [
        anActionToExport({ description: 'Audit plans to check they reflect the voice of' }),
        anActionToExport({ description: 'the child' }),
        anActionToExport({ theme: null, description: 'An action under no section.' }),
      ],
    });
    const { imported } = await roundTrip(plan);
    expect(imported.actions.map((action) => [action.description, action.theme])).toEqual(
      plan.actions.map((action) => [action.description, action.theme]),
    );
    expect(imported.warnings.map((warning) => warning.code)).not.toContain('TEXT_MENDED');
  });

  it('names the file after the plan, without the characters file systems refuse, and the day when it is as it stood', () => {
    expect(exportFileName('Service Development Plan 2024/5: "draft"')).toBe(
      'Service Development Plan 2024 5 draft.xlsx',
    );
    expect(exportFileName('Children & Families Service Improvement Plan', '2019-01-31')).toBe(
      'Children & Families Service Improvement Plan as at 2019-01-31.xlsx',
    );
  });
});
