import { randomUUID } from 'node:crypto';
import { actionStreamId, planStreamId } from '#domain';
import type { EventStore, NewEvent } from '#event-store';
import { actionHistory } from './generated-store.js';

export const BENCH_ACTOR = { id: 'bench', name: 'Bench manager', role: 'manager' };
const CREATED_AT = '2021-04-01T09:00:00.000Z';
export const FIRST_DAY = Date.parse('2021-04-02T00:00:00.000Z');
export const LAST_DAY = Date.parse('2025-12-01T00:00:00.000Z');

export interface GeneratedPlan {
  planId: string;
  sourceId: string;
  /** Events appended to the plan's actions. */
  written: number;
}

/**
 * A source and a plan of `actions` actions sharing `events` events between them, written as a
 * plan's life goes: most changes in order of time, one in ten entered late (history found,
 * corrections). The plans of benchmarks e and g.
 */
export async function appendGeneratedPlan(
  store: EventStore,
  random: () => number,
  { actions, events, year = 2021 }: { actions: number; events: number; year?: number },
): Promise<GeneratedPlan> {
  const planId = randomUUID();
  const sourceId = randomUUID();
  await store.append(
    `source-${sourceId}`,
    [
      {
        type: 'SourceRegistered',
        data: { sourceId, kind: 'ofsted-inspection', title: 'Ofsted ILACS inspection', date: '2020-03-06' },
      },
    ],
    { expectedRevision: 'no_stream', actor: BENCH_ACTOR, origin: 'api' },
  );
  await appendPlanOpened(store, planId, year);
  let written = 0;
  for (let a = 0; a < actions; a++) {
    const actionId = randomUUID();
    written += await appendInChunks(
      store,
      actionId,
      generatedHistory(random, {
        actionId,
        planId,
        sourceId,
        events: Math.round((events - written) / (actions - a)),
        ref: `1.${a + 1}`,
      }),
    );
  }
  return { planId, sourceId, written };
}

export async function appendPlanOpened(store: EventStore, planId: string, year: number): Promise<void> {
  await store.append(
    planStreamId(planId),
    [
      {
        type: 'PlanOpened',
        data: {
          planId,
          title: `Service Development Plan ${year}`,
          periodStart: `${year}-04-01`,
          periodEnd: `${year + 1}-03-31`,
          owner: 'HoS',
          board: 'CSMT',
          reviewFrequency: 'Quarterly',
        },
      },
    ],
    { expectedRevision: 'no_stream', actor: BENCH_ACTOR, origin: 'api' },
  );
}

export function generatedHistory(
  random: () => number,
  {
    actionId,
    planId,
    sourceId,
    events,
    ref,
  }: { actionId: string; planId: string; sourceId: string; events: number; ref: string },
): NewEvent[] {
  return actionHistory({
    random,
    actionId,
    planId,
    sourceId,
    recommendationId: null,
    ref,
    createdAt: CREATED_AT,
    laterPlanIds: [],
    events,
    withdrawals: false,
    backdated: 0.1,
  });
}

/** Appends a history 1,000 events at a time; the number appended. */
export async function appendInChunks(store: EventStore, actionId: string, events: NewEvent[]): Promise<number> {
  for (let from = 0; from < events.length; from += 1_000) {
    await store.append(actionStreamId(actionId), events.slice(from, from + 1_000), {
      expectedRevision: 'any',
      actor: BENCH_ACTOR,
      origin: 'api',
    });
  }
  return events.length;
}

/** `runs` random days between the histories' first and last, each at its last millisecond. */
export function randomDays(random: () => number, runs: number): Date[] {
  return Array.from(
    { length: runs },
    () => new Date(FIRST_DAY + Math.floor(random() * ((LAST_DAY - FIRST_DAY) / 86_400_000)) * 86_400_000 + 86_399_999),
  );
}
