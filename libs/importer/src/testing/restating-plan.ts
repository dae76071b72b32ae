import { buildXlsx, SDP_HEADER, sdpRow, type CellSpec } from './workbook.builders.js';

/**
 * A later plan (2019-20) that carries the July 2016 Ofsted recommendations of the 2018-19 plan
 * "to retain oversight" in other words, as the 2019 committee report says the next plan did:
 * 1, 2 and 4 by their numbers written otherwise ("R1", "Recommendation two", "(4)"), 3 by its
 * words alone; beside them a need that only looks like recommendation 1 (numbered 5: a different
 * recommendation of the same source) and new needs of other sources.
 */
export const RESTATED = {
  r1: 'R1 (ILACS July 2016): written plans for children to be consistent and of good quality',
  r2: "Recommendation two (Ofsted July 2016): when families disengage, ongoing work stays purposeful and case records show the manager's rationale for ceasing or continuing support",
  r3: 'Ofsted July 2016 - permanency planning records to include the decision on legal permanence and its rationale (retained for oversight)',
  r4: '(4) Ofsted July 2016: health histories for all care leavers without delay',
  lookAlike: 'R5 (ILACS July 2016): written records of decisions for children to be consistent and of good quality',
  newNeed:
    'Staff have experienced racism from clients. Need to be safe at work, and need an attuned comprehensive response and care. (Feedback from Duty workers)',
} as const;

export const RESTATING_PLAN_FILE = 'service-development-plan-2019-20.xlsx';

export async function restatingPlan2019(extraRows: CellSpec[][] = []): Promise<Buffer> {
  return buildXlsx([
    {
      name: 'SDP 2019-20',
      rows: [
        ['Service Development Plan 2019-20'],
        ['Author: A N Other Date of Plan: April 2019 Date of review: quarterly'],
        SDP_HEADER,
        ['Ofsted recommendations from the July 2016 inspection, retained for oversight'],
        sdpRow({
          why: RESTATED.r1,
          who: 'HoS',
          what: 'Audit ten plans a quarter against the plan standard.',
          when: 'Mar-20',
          rag: 'Green',
          comments: 'June 2019: first audit done.',
        }),
        sdpRow({
          why: RESTATED.r2,
          who: 'TM',
          what: 'Team managers chair the first and third CIN reviews.',
          when: 'Dec-19',
          rag: 'Amber',
        }),
        sdpRow({
          why: RESTATED.r3,
          who: 'IRO',
          what: 'Permanence decisions checked at every CLA review.',
          when: 'Sep-19',
          rag: 'Green',
        }),
        sdpRow({
          why: RESTATED.r4,
          who: 'CLA nurse',
          what: 'Health histories given at the 18th birthday review.',
          when: 'Nov-19',
          rag: 'Blue',
        }),
        sdpRow({
          why: RESTATED.lookAlike,
          who: 'HoS',
          what: 'Decision records template rolled out.',
          when: 'Jan-20',
          rag: 'Green',
        }),
        ['New needs'],
        sdpRow({
          why: RESTATED.newNeed,
          who: 'HoS',
          what: 'A protocol for staff who experience racism from clients.',
          when: 'Oct-19',
          rag: 'Green',
        }),
        ...extraRows,
      ],
    },
  ]);
}
