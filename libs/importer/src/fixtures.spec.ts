import { beforeAll, describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { importWorkbook, type ImportedPlan } from './index.js';

// Copies of /work/shared/fixtures, rebuilt from the service's published plans.
const load = (name: string): Promise<ImportedPlan> => importWorkbook(readFileSync(`tests/fixtures/${name}`), name);
const actionAt = (plan: ImportedPlan, row: number) => {
  const action = plan.actions.find((a) => a.origin.row === row);
  if (!action) throw new Error(`no action at row ${row}`);
  return action;
};

describe('the 2024-25 Service Development Plan', () => {
  let plan: ImportedPlan;
  beforeAll(async () => {
    plan = await load('service-development-plan-2024-25.xlsx');
  });

  it('reads the title rows, the period (April 2024 plan, April to March) and the review frequency', () => {
    expect(plan.plan).toMatchObject({
      title: 'Service Development Plan 2024-5',
      periodStart: '2024-04-01',
      periodEnd: '2025-03-31',
      reviewFrequency: 'quarterly',
      details: { Author: 'Rachel Talmage', 'Date of Plan': 'April 2024' },
    });
    expect(plan.sheets).toEqual(['SDP 2024-25']);
    expect(plan.unknownColumns).toEqual([]);
  });

  it('reads every action row, with dates from date cells and free text kept as due text', () => {
    expect(plan.actions.map((a) => a.origin.row)).toEqual([
      7, 8, 9, 10, 11, 12, 13, 15, 17, 18, 19, 20, 30, 31, 32, 35, 37, 38, 41, 42, 48, 50, 51, 52, 53, 54, 55, 60, 61,
      62, 63,
    ]);
    expect(actionAt(plan, 7).due).toEqual({ kind: 'date', date: '2024-05-01' });
    expect(actionAt(plan, 31).due).toEqual({ kind: 'text', text: 'Weekly.' });
    expect(actionAt(plan, 35).due).toEqual({ kind: 'text', text: 'June and March 2025' });
    expect(actionAt(plan, 54).due).toEqual({ kind: 'text', text: 'April-June' });
    expect(actionAt(plan, 50).due).toEqual({ kind: 'text', text: 'complete' });
    expect(actionAt(plan, 12).due).toBeNull();
  });

  it('row 31 is completed and retained for oversight, under the Ofsted inspection of February 2020', () => {
    expect(actionAt(plan, 31)).toMatchObject({
      completed: true,
      retainedForOversight: true,
      carriedForward: false,
      owner: 'CSC & EH Management Team',
      sourceKey: 'source:ofsted-inspection:2020-02',
    });
  });

  it('rows 32 and 62 were carried forward, not completed', () => {
    expect(actionAt(plan, 32)).toMatchObject({
      completed: false,
      carriedForward: true,
      carriedForwardNote: 'Retained due to ongoing cost of living crisis.',
    });
    expect(actionAt(plan, 62)).toMatchObject({
      completed: false,
      carriedForward: true,
      carriedForwardNote: 'Retained for continuity: this needs more focussed work.',
    });
  });

  it('rows 51-55 belong to the Ofsted 2020 recommendation of row 50', () => {
    const rec = plan.recommendations.find((r) => r.origin.row === 50);
    expect(rec).toMatchObject({
      sourceKey: 'source:ofsted-inspection:2020-02',
      text: expect.stringMatching(/^Ofsted recommendation 2020: The recording of management decision making/),
    });
    for (const row of [50, 51, 52, 53, 54, 55]) expect(actionAt(plan, row).recommendationKey).toBe(rec?.key);
    expect(plan.sources.find((s) => s.key === 'source:ofsted-inspection:2020-02')).toMatchObject({
      kind: 'ofsted-inspection',
      date: '2020-02-01',
    });
    expect([50, 51, 52, 53, 55].map((row) => actionAt(plan, row).completed)).toEqual([true, true, true, true, true]);
    expect(actionAt(plan, 54).completed).toBe(false);
  });

  it('row 50\'s "Jan 2022: ..." comment takes effect in January 2022; UPDATE comments carry no date', () => {
    expect(actionAt(plan, 50).comments).toEqual([
      {
        text: 'Jan 2022: TOM complete. DTM position is now permanent and postholder in the role permanently.',
        effectiveDate: '2022-01-01',
        precision: 'month',
        origin: { file: 'service-development-plan-2024-25.xlsx', sheet: 'SDP 2024-25', row: 50, column: 'H' },
      },
    ]);
    expect(actionAt(plan, 52).comments[0]).toMatchObject({
      effectiveDate: null,
      text: expect.stringMatching(/^UPDATE:Ofsted focus visit/),
    });
  });

  it('the February 2024 audit is one source however the rows name it', () => {
    for (const row of [15, 17, 18, 19, 20])
      expect(actionAt(plan, row).sourceKey).toBe('source:independent-audit:2024-02');
    expect(actionAt(plan, 12).sourceKey).toBe('source:staff-feedback:feedback-from-duty-workers');
    expect(actionAt(plan, 11).sourceKey).toBe('source:other:gap-identified-by-the-service');
    expect(actionAt(plan, 7).sourceKey).toBe('source:staff-feedback:identified-via-colleagues-in-the-service');
    expect(actionAt(plan, 60).sourceKey).toBe('source:case-review:child-q-serious-case-review');
    expect(plan.sources.map((s) => s.kind)).toContain('children-and-families-feedback');
  });

  it('warns about needs whose source the plan does not name, rather than guessing', () => {
    const notNamed = plan.warnings.filter((w) => w.code === 'SOURCE_NOT_NAMED').map((w) => w.cell.row);
    expect(notNamed).toEqual([30, 32, 35, 38, 42, 61, 62, 63]);
    expect(plan.warnings.filter((w) => w.code !== 'SOURCE_NOT_NAMED')).toEqual([]);
  });
});

describe('the 2018-19 Service Improvement Plan', () => {
  let plan: ImportedPlan;
  beforeAll(async () => {
    plan = await load('service-improvement-plan-2018-19.xlsx');
  });

  it('reads the key/value block: name, May 2018 - April 2019, owner, board, quarterly', () => {
    expect(plan.plan).toMatchObject({
      title: 'Children & Families Service Improvement Plan',
      periodStart: '2018-05-01',
      periodEnd: '2019-04-30',
      owner: "Service Manager Children's Social Care and Early Help",
      board: 'Service Improvement Board/Executive Group/DLT',
      reviewFrequency: 'Quarterly',
    });
    expect(plan.plan.details['Review Date']).toBe('2019-01-01');
  });

  it('"January:" comments take effect in January 2019, "August:" in August 2018, 2.2d\'s "May 2018:" in May 2018', () => {
    const byRef = (ref: string) => plan.actions.find((a) => a.ref === ref && a.theme?.startsWith('Priority'))!;
    expect(byRef('1.2').comments.map((c) => c.effectiveDate)).toEqual(['2019-01-01']);
    expect(byRef('1.6c').comments.map((c) => c.effectiveDate)).toEqual(['2018-08-01']);
    expect(byRef('2.2d').comments).toEqual([
      expect.objectContaining({ effectiveDate: '2018-05-01', text: expect.stringMatching(/^May 2018: All SW staff/) }),
    ]);
    expect(byRef('3.2a').comments.map((c) => c.effectiveDate)).toEqual(['2018-08-01', '2019-01-01']);
    const januaries = plan.actions.flatMap((a) => a.comments).filter((c) => /^January\b/.test(c.text));
    expect(januaries.length).toBeGreaterThan(40);
    expect(new Set(januaries.map((c) => c.effectiveDate))).toEqual(new Set(['2019-01-01']));
  });

  it('"Ofsted recommendation 1" to "4" under Priority 5 are four recommendations of one source, the July 2016 Ofsted inspection', () => {
    const ofsted = plan.recommendations.filter((r) => /^Ofsted recommendation \d$/.test(r.reference ?? ''));
    expect(ofsted.map((r) => r.reference)).toEqual([
      'Ofsted recommendation 1',
      'Ofsted recommendation 2',
      'Ofsted recommendation 3',
      'Ofsted recommendation 4',
    ]);
    expect(new Set(ofsted.map((r) => r.sourceKey))).toEqual(new Set(['source:ofsted-inspection:2016-07']));
    expect(plan.sources.find((s) => s.key === 'source:ofsted-inspection:2016-07')).toMatchObject({
      kind: 'ofsted-inspection',
      title: 'Ofsted inspection, July 2016',
      date: '2016-07-01',
      origin: expect.objectContaining({ row: 41 }),
    });
    // Rows 90-91 continue recommendation 1; 96 and 98 continue recommendation 2.
    const rec1 = ofsted[0].key;
    expect([89, 90, 91].map((row) => actionAt(plan, row).recommendationKey)).toEqual([rec1, rec1, rec1]);
    expect([95, 96, 98].map((row) => actionAt(plan, row).recommendationKey)).toEqual(Array(3).fill(ofsted[1].key));
  });

  it('normalises Latin "CP" and Cyrillic "СР" DLT leads to one owner', () => {
    const leads = new Set(plan.actions.map((a) => a.dltLead).filter(Boolean));
    expect(leads).toEqual(new Set(['CP', 'CD']));
    expect(actionAt(plan, 36).dltLead).toBe('CP'); // typed in Latin letters
    expect(actionAt(plan, 19).dltLead).toBe('CP'); // typed in Cyrillic
  });

  it('reads statuses: Completed is blue and complete; the "r" in J64 is left unrated with a warning', () => {
    expect(actionAt(plan, 24)).toMatchObject({ status: 'blue', completed: true });
    expect(actionAt(plan, 26)).toMatchObject({ status: 'amber', completed: false });
    expect(actionAt(plan, 64).status).toBeNull();
    expect(plan.warnings).toContainEqual({
      code: 'UNKNOWN_STATUS',
      cell: { file: 'service-improvement-plan-2018-19.xlsx', sheet: 'SIP 2018-19', row: 64, column: 'J' },
      message: 'J64: status "r" is not Blue, Red, Amber, Green or Completed; left unrated',
    });
  });

  it('takes sources from brackets, including lists, and the themes from the Priority headings', () => {
    expect(actionAt(plan, 19)).toMatchObject({
      sourceKey: 'source:independent-audit:aidhour-independent-audit',
      theme: 'Priority 1 - SAFE - Children and Young People are safe and feel safe.',
    });
    const rec48 = plan.recommendations.find((r) => r.origin.row === 48);
    expect(rec48).toMatchObject({
      sourceKey: 'source:independent-audit:aidhour-independent-audit',
      otherSourceKeys: ['source:multi-agency-audit:multi-agency-audit'],
    });
    expect(actionAt(plan, 43).recommendationKey).toBe(actionAt(plan, 41).recommendationKey);
    expect(actionAt(plan, 89).theme).toBe('The experiences and progress of children who need help and protection');
  });

  it('lists the focused visit of October 2018 and its six recommendations', () => {
    const visit = plan.recommendations.filter((r) => r.sourceKey === 'source:ofsted-focused-visit:2018-10');
    expect(visit.map((r) => r.origin.row)).toEqual([120, 122, 124, 126, 128, 130]);
  });

  it('keeps kept-in actions apart: completed and kept in is retained, unfinished and stayed in is carried forward', () => {
    expect(actionAt(plan, 110)).toMatchObject({
      ref: '7.1',
      completed: true,
      retainedForOversight: true,
      carriedForward: false,
    });
    expect(actionAt(plan, 95)).toMatchObject({
      ref: '2.1',
      completed: false,
      carriedForward: true,
      carriedForwardNote: 'This stayed in because AIDHOUR audit identified some drift (4.18)',
    });
  });

  it('warns about what it could not take as written: the mended wrap, a due date before the start, the "r", unnamed sources', () => {
    expect(plan.warnings.map((w) => [w.code, w.cell.row])).toEqual([
      ['SOURCE_NOT_NAMED', 18],
      ['SOURCE_NOT_NAMED', 37],
      ['DUE_BEFORE_START', 44],
      ['UNKNOWN_STATUS', 64],
      ['TEXT_MENDED', 91],
    ]);
    expect(actionAt(plan, 90).successMeasure).toMatch(/reflect the voice of the child$/);
    expect(actionAt(plan, 91).successMeasure).toBeNull();
  });

  it('is plain JSON: what is serialised is what was interpreted', () => {
    expect(JSON.parse(JSON.stringify(plan))).toEqual(plan);
  });

  it('gives each action a distinct key, refs repeating across sections notwithstanding', () => {
    expect(new Set(plan.actions.map((a) => a.key)).size).toBe(plan.actions.length);
    expect(actionAt(plan, 18).key).toBe('action:section:priority-1/1.1');
    expect(actionAt(plan, 89).key).toBe('action:ofsted-inspection:2016-07/ofsted-recommendation-1/1.1');
    expect(actionAt(plan, 90).key).toBe('action:ofsted-inspection:2016-07/ofsted-recommendation-1/#1');
  });
});
