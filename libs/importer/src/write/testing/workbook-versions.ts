import { readFileSync } from 'node:fs';
import ExcelJS from 'exceljs';
import {
  actionDecider,
  planDecider,
  recommendationDecider,
  sourceDecider,
  type ActionState,
  type Decider,
  type PlanState,
  type RecommendationState,
  type SourceState,
} from '#domain';
import type { StreamWrite } from '#event-store';
import { noExistingState, type Existing, type ExistingState } from '../existing-state.js';

/** The fixtures, as the specs read them (copies of the service's published plans). */
export const FIXTURES = {
  sdp2024: 'service-development-plan-2024-25.xlsx',
  sip2018: 'service-improvement-plan-2018-19.xlsx',
} as const;
export const fixtureBytes = (name: string): Buffer =>
  readFileSync(new URL(`../../../../../tests/fixtures/${name}`, import.meta.url));

/**
 * A later version of the 2024-25 plan, as a manager would save it a quarter on: row 8 rated red,
 * row 9 reassigned, row 10 given a new due date, a dated comment added to row 7, and a new action
 * in row 64 under the recommendation of row 63.
 */
export async function laterVersionOf2024Plan(): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(fixtureBytes(FIXTURES.sdp2024) as unknown as ArrayBuffer);
  const sheet = workbook.worksheets[0]!;
  sheet.getCell('G8').value = 'Red';
  sheet.getCell('G8').fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFFF0000' } };
  sheet.getCell('B9').value = 'Kinship Care Lead';
  sheet.getCell('D10').value = new Date(Date.UTC(2025, 0, 1));
  sheet.getCell('H7').value =
    `${String(sheet.getCell('H7').value)}\n15/01/25 - Second DTM appointed and started induction.`;
  sheet.getCell('B64').value = 'HOS';
  sheet.getCell('C64').value = 'Runs a SELTP workshop for team managers on stretching appraisals.';
  sheet.getCell('D64').value = new Date(Date.UTC(2025, 1, 1));
  sheet.getCell('G64').value = 'Green';
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

const DECIDERS: [string, Decider<never, never, unknown>, keyof ExistingState][] = [
  ['source-', sourceDecider as unknown as Decider<never, never, unknown>, 'sources'],
  ['recommendation-', recommendationDecider as unknown as Decider<never, never, unknown>, 'recommendations'],
  ['plan-', planDecider as unknown as Decider<never, never, unknown>, 'plans'],
  ['action-', actionDecider as unknown as Decider<never, never, unknown>, 'actions'],
];

/**
 * What the store would hold after these writes, folded as loadExistingState folds a real one:
 * an event without its own effective time takes `now` (the store would stamp it on recording).
 */
export function applyWrites(
  writes: StreamWrite[],
  now: string,
  before: ExistingState = noExistingState(),
): ExistingState {
  const after: ExistingState = {
    sources: new Map(before.sources),
    recommendations: new Map(before.recommendations),
    plans: new Map(before.plans),
    actions: new Map(before.actions),
  };
  for (const write of writes) {
    const [prefix, decider, kind] = DECIDERS.find(([p]) => write.streamId.startsWith(p))!;
    const id = write.streamId.slice(prefix.length);
    const map = after[kind] as Map<string, Existing<unknown>>;
    const known = map.get(id);
    let state = known?.state ?? decider.initialState;
    const history = [...(known?.history ?? [])];
    for (const event of write.events) {
      const effectiveAt = event.effectiveAt?.toISOString() ?? now;
      state = decider.evolve(state, { type: event.type, data: event.data } as never, effectiveAt);
      history.push({ type: event.type, data: event.data, effectiveAt });
    }
    map.set(id, { state, revision: (known?.revision ?? -1) + write.events.length, history });
  }
  return after;
}

export type { ActionState, PlanState, RecommendationState, SourceState };
