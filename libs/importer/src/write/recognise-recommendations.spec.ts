import { beforeAll, describe, expect, it } from '@jest/globals';
import { CalendarDays } from '#domain';
import type { RecommendationRecorded } from '#domain';
import { importWorkbook } from '../import-workbook.js';
import type { ImportedPlan } from '../interpret/imported-plan.js';
import { RESTATED, RESTATING_PLAN_FILE, restatingPlan2019 } from '../testing/restating-plan.js';
import { noExistingState } from './existing-state.js';
import { planImport, type PlannedImport } from './plan-import.js';
import { applyWrites, fixtureBytes, FIXTURES } from './testing/workbook-versions.js';

/** Days judged in UTC (TIME_ZONE=UTC): the moments below were written before TIME_ZONE; London has its own case. */
const UTC_DAYS = new CalendarDays('UTC');

const FIRST_IMPORT = '2026-01-10T09:00:00.000Z';
const SECOND_IMPORT = '2026-04-10T09:00:00.000Z';

describe('a later plan restating the 2018-19 plan’s Ofsted recommendations', () => {
  let first: PlannedImport;
  let later: ImportedPlan;
  let second: PlannedImport;
  let ofsted: Map<string, string>; // reference → id, as the first import recorded them

  beforeAll(async () => {
    first = planImport(await importWorkbook(fixtureBytes(FIXTURES.sip2018), FIXTURES.sip2018), noExistingState(), {
      calendar: UTC_DAYS,
      now: FIRST_IMPORT,
    });
    const recorded = first.writes
      .flatMap((write) => write.events)
      .filter((event) => event.type === 'RecommendationRecorded')
      .map((event) => event.data as RecommendationRecorded['data']);
    ofsted = new Map(
      recorded
        .filter((data) => /^Ofsted recommendation \d$/.test(data.reference ?? ''))
        .map((data) => [data.reference!, data.recommendationId]),
    );
    later = await importWorkbook(await restatingPlan2019(), RESTATING_PLAN_FILE);
    second = planImport(later, applyWrites(first.writes, FIRST_IMPORT), { calendar: UTC_DAYS, now: SECOND_IMPORT });
  });

  it('recognises 1, 2 and 4 by their numbers and 3 by its words, each named in the summary', () => {
    const matched = second.summary.recommendations.matched;
    const byText = new Map(matched.map((match) => [match.text, match]));
    expect(byText.get(RESTATED.r1)).toMatchObject({
      recommendationId: ofsted.get('Ofsted recommendation 1'),
      rule: 'number',
      score: 1,
    });
    expect(byText.get(RESTATED.r2)).toMatchObject({
      recommendationId: ofsted.get('Ofsted recommendation 2'),
      rule: 'number',
    });
    expect(byText.get(RESTATED.r3)).toMatchObject({
      recommendationId: ofsted.get('Ofsted recommendation 3'),
      rule: 'text',
    });
    expect(byText.get(RESTATED.r3)!.score).toBeGreaterThanOrEqual(0.6);
    expect(byText.get(RESTATED.r4)).toMatchObject({
      recommendationId: ofsted.get('Ofsted recommendation 4'),
      rule: 'number',
    });
    expect(matched).toHaveLength(4);
  });

  it('records no new recommendation for them, but keeps each plan’s words as a restatement', () => {
    const recorded = second.writes
      .flatMap((write) => write.events)
      .filter((event) => event.type === 'RecommendationRecorded')
      .map((event) => (event.data as RecommendationRecorded['data']).text);
    expect(recorded).toEqual(expect.arrayContaining([RESTATED.lookAlike, RESTATED.newNeed]));
    expect(recorded).not.toEqual(expect.arrayContaining([RESTATED.r1]));
    const restated = second.writes
      .flatMap((write) => write.events)
      .filter((event) => event.type === 'RecommendationRestated')
      .map((event) => event.data);
    expect(restated).toHaveLength(4);
    expect(restated).toContainEqual({
      recommendationId: ofsted.get('Ofsted recommendation 1'),
      planId: second.planId,
      reference: null,
      text: RESTATED.r1,
    });
  });

  it('puts the later plan’s actions on the known recommendations', () => {
    const created = second.writes
      .flatMap((write) => write.events)
      .filter((event) => event.type === 'ActionCreated')
      .map((event) => (event.data as { recommendationId: string | null }).recommendationId);
    for (const id of ofsted.values()) expect(created).toContain(id);
  });

  it('plans nothing when imported again', () => {
    const after = applyWrites(second.writes, SECOND_IMPORT, applyWrites(first.writes, FIRST_IMPORT));
    const again = planImport(later, after, { calendar: UTC_DAYS, now: SECOND_IMPORT });
    expect(again.writes).toEqual([]);
    expect(again.summary.recommendations.matched).toHaveLength(4);
  });

  it('records a refused match as a recommendation of its own', () => {
    const r3 = second.summary.recommendations.matched.find((match) => match.text === RESTATED.r3)!;
    const refused = planImport(later, applyWrites(first.writes, FIRST_IMPORT), {
      calendar: UTC_DAYS,
      now: SECOND_IMPORT,
      refusedMatches: [r3.matchId],
    });
    expect(refused.summary.recommendations.matched).toHaveLength(3);
    expect(refused.summary.recommendations.refused).toEqual([r3]);
    expect(refused.summary.recommendations.new.map((rec) => rec.id)).toContain(r3.matchId);
  });
});
