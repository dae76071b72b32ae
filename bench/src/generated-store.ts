import { randomUUID } from 'node:crypto';
import {
  DomainError,
  actionStreamId,
  decideAction,
  evolveAction,
  planStreamId,
  recommendationStreamId,
  sourceStreamId,
  type ActionCommand,
  type ActionState,
} from '#domain';
import type { EventData, EventStore, NewEvent } from '#event-store';
import { aCreateActionCommand, randomActionCommands, seededRandom } from '../../libs/domain/src/testing/index.js';
import { inParallel } from './harness.js';

/**
 * Stores shaped like the councils' plans: several councils, each with its inspection and audit
 * sources, their recommendations, a plan a year, and actions with histories of status changes,
 * comments, evidence, reassignments, due dates moved, completions, reopenings and carry-forwards
 * into the council's next plan — every event decided by the domain against the action's state,
 * as the service would have written it. Histories are made one action at a time, as they are
 * appended, so a million events never sit in memory together.
 */

/** One append: a stream's whole history, as an importer writes an action it read from a workbook. */
export interface StreamBatch {
  streamId: string;
  events: NewEvent[];
}

const IMPORTER = { id: 'bench-importer', name: 'Bench importer', role: 'manager' };
/** The domain's clock for deciding: after every generated effective time. */
const DECIDED_AT = '2026-01-01T00:00:00.000Z';
const HISTORY_ENDS = '2025-12-01T00:00:00.000Z';
const YEARS = ['2021', '2022', '2023', '2024'];

export interface StoreShape {
  seed: number;
  /** Stop once this many events have been generated (the last history is cut short). */
  totalEvents: number;
  actionsPerPlan: number;
  /** Each action's history is drawn to about this many events (±30%). */
  eventsPerAction: number;
  /**
   * Share of changes backdated, time otherwise moving forward through each history as in a plan's
   * life (HistoryShape.backdated); without it, every effective time at random, which only the
   * rebuilds (c, f: they fold in store order whatever the times) may use.
   */
  backdated?: number;
}

/** The council's sources, recommendations and yearly plans: small streams, appended first. */
function councilSetup(council: number): {
  batches: StreamBatch[];
  sourceIds: string[];
  recommendationIds: string[];
  planIds: string[];
} {
  const sourceIds = [randomUUID(), randomUUID()];
  const batches: StreamBatch[] = [
    {
      streamId: sourceStreamId(sourceIds[0]!),
      events: [
        {
          type: 'SourceRegistered',
          data: {
            sourceId: sourceIds[0]!,
            kind: 'ofsted-inspection',
            title: `Council ${council}: Ofsted ILACS inspection`,
            date: '2020-03-06',
          },
        },
      ],
    },
    {
      streamId: sourceStreamId(sourceIds[1]!),
      events: [
        {
          type: 'SourceRegistered',
          data: {
            sourceId: sourceIds[1]!,
            kind: 'independent-audit',
            title: `Council ${council}: independent audit of practice`,
            date: '2020-11-20',
          },
        },
      ],
    },
  ];
  const recommendationIds: string[] = [];
  for (let n = 0; n < 6; n++) {
    const recommendationId = randomUUID();
    recommendationIds.push(recommendationId);
    const sourceId = sourceIds[n % 2]!;
    batches.push({
      streamId: recommendationStreamId(recommendationId),
      events: [
        {
          type: 'RecommendationRecorded',
          data: {
            recommendationId,
            sourceId,
            reference: `Recommendation ${n + 1}`,
            text: `Improve the quality of written plans for children (${n + 1}).`,
            level: 'service',
          },
        },
      ],
    });
  }
  const planIds = YEARS.map(() => randomUUID());
  for (const [n, planId] of planIds.entries()) {
    const year = Number(YEARS[n]);
    batches.push({
      streamId: planStreamId(planId),
      events: [
        {
          type: 'PlanOpened',
          data: {
            planId,
            title: `Council ${council}: Service Development Plan ${year}-${String(year + 1).slice(2)}`,
            periodStart: `${year}-04-01`,
            periodEnd: `${year + 1}-03-31`,
            owner: 'Head of Service',
            board: 'CSMT',
            reviewFrequency: 'Quarterly',
          },
        },
      ],
    });
  }
  return { batches, sourceIds, recommendationIds, planIds };
}

export interface HistoryRequest {
  random: () => number;
  actionId: string;
  planId: string;
  sourceId: string;
  recommendationId: string | null;
  ref: string;
  createdAt: string;
  laterPlanIds: string[];
  /** Stop at this many events. */
  events: number;
  /** Leave withdrawals out, so that the history is not cut short by one. */
  withdrawals?: boolean;
  /** Share of changes backdated as time moves forward (HistoryShape.backdated); without it, every effective time at random. */
  backdated?: number;
}

/** One action's history, each command decided against the state so far (refused ones skipped). */
export function actionHistory(request: HistoryRequest): NewEvent[] {
  const events: NewEvent[] = [];
  let state: ActionState = null;
  const take = (command: ActionCommand, effectiveAt: string, reason: string | null) => {
    for (const event of decideAction(command, state, { now: DECIDED_AT })) {
      if (events.length >= request.events) return;
      events.push({
        type: event.type,
        data: event.data as unknown as EventData,
        effectiveAt: new Date(effectiveAt),
        reason,
      });
      state = evolveAction(state, event, effectiveAt);
    }
  };
  const create = aCreateActionCommand({
    actionId: request.actionId,
    planId: request.planId,
    sourceId: request.sourceId,
    recommendationId: request.recommendationId,
    ref: request.ref,
    effectiveAt: request.createdAt,
  });
  take(create, request.createdAt, null);
  let carried = 0;
  // Draw commands in rounds until the history is long enough; some are refused, as in real use.
  for (let round = 0; events.length < request.events && round < 1000; round++) {
    const laterPlanIds = request.laterPlanIds.slice(carried);
    // One long draw first, so that time moves forward over the whole history (each draw starts at `from`).
    const commands = randomActionCommands(request.random, {
      actionId: request.actionId,
      count: round === 0 ? Math.ceil(request.events * 1.6) : 64,
      from: request.createdAt,
      to: HISTORY_ENDS,
      laterPlanIds,
      ...(request.backdated !== undefined ? { backdated: request.backdated } : {}),
    });
    for (const drawn of commands) {
      if (events.length >= request.events) break;
      // Comment and evidence ids are drawn per round (c-0, c-1…): make them unique across rounds.
      const command = uniqueIds(drawn, round);
      if (command.type === 'WithdrawAction' && request.withdrawals === false) continue;
      try {
        take(
          command,
          command.data.effectiveAt ?? DECIDED_AT,
          'reason' in command.data ? (command.data.reason ?? null) : null,
        );
        if (command.type === 'CarryForwardAction') carried++;
      } catch (error) {
        if (!(error instanceof DomainError)) throw error;
      }
    }
    // A withdrawn action takes nothing more.
    if ((state as { withdrawn?: boolean } | null)?.withdrawn) break;
  }
  return events;
}

function uniqueIds(command: ActionCommand, round: number): ActionCommand {
  if (command.type === 'AddComment')
    return { ...command, data: { ...command.data, commentId: `${command.data.commentId}-${round}` } };
  if (command.type === 'AttachEvidence')
    return { ...command, data: { ...command.data, evidenceId: `${command.data.evidenceId}-${round}` } };
  return command;
}

/** The batches of a whole store, made lazily: councils' small streams, then each action's history. */
export function* generatedBatches(shape: StoreShape): Generator<StreamBatch> {
  const random = seededRandom(shape.seed);
  let total = 0;
  for (let council = 1; total < shape.totalEvents; council++) {
    const setup = councilSetup(council);
    for (const batch of setup.batches) {
      total += batch.events.length;
      yield batch;
    }
    for (const [n, planId] of setup.planIds.entries()) {
      for (let a = 0; a < shape.actionsPerPlan && total < shape.totalEvents; a++) {
        const actionId = randomUUID();
        const spread = 0.7 + random() * 0.6;
        const events = actionHistory({
          random,
          actionId,
          planId,
          sourceId: setup.sourceIds[a % 2]!,
          recommendationId: a % 3 === 0 ? setup.recommendationIds[a % 6]! : null,
          ref: `${n + 1}.${a + 1}`,
          createdAt: `${YEARS[n]}-04-0${1 + (a % 9)}T09:00:00.000Z`,
          laterPlanIds: setup.planIds.slice(n + 1),
          events: Math.min(Math.max(2, Math.round(shape.eventsPerAction * spread)), shape.totalEvents - total),
          ...(shape.backdated !== undefined ? { backdated: shape.backdated } : {}),
        });
        total += events.length;
        yield { streamId: actionStreamId(actionId), events };
      }
    }
  }
}

/**
 * How generated histories reach the store in bulk. Today: the store's own batch append, one
 * stream's whole history per call. The importer's write path can stand in here when it lands
 * (`BulkWriter` is all benchmark b and the generation for c and f need).
 */
export interface BulkWriter {
  readonly description: string;
  write(
    store: EventStore,
    batches: Iterable<StreamBatch>,
    concurrency: number,
  ): Promise<{ events: number; appends: number }>;
}

export const storeBatchAppend: BulkWriter = {
  description: "the store's batch append: EventStore.append, one whole action history per call",
  async write(store, batches, concurrency) {
    let events = 0;
    let appends = 0;
    const iterator = batches[Symbol.iterator]();
    // Workers pull the next history as they finish one, so generation overlaps the appends.
    await inParallel(Array.from({ length: concurrency }), concurrency, async () => {
      for (let next = iterator.next(); !next.done; next = iterator.next()) {
        const batch = next.value;
        await store.append(batch.streamId, batch.events, {
          expectedRevision: 'no_stream',
          actor: IMPORTER,
          origin: 'import:bench-generated.xlsx#Plan',
        });
        events += batch.events.length;
        appends++;
      }
    });
    return { events, appends };
  },
};

/**
 * Many histories per call through `EventStore.appendMany` (one statement for all of them on
 * PostgreSQL): `streams` whole histories in each append, all or nothing.
 */
export function storeAppendMany(streams = 100): BulkWriter {
  return {
    description: `the store's batch append: EventStore.appendMany, ${streams} whole action histories per call`,
    async write(store, batches, concurrency) {
      let events = 0;
      let appends = 0;
      const iterator = batches[Symbol.iterator]();
      const nextGroup = (): StreamBatch[] => {
        const group: StreamBatch[] = [];
        for (let next = iterator.next(); !next.done; next = iterator.next()) {
          group.push(next.value);
          if (group.length >= streams) break;
        }
        return group;
      };
      await inParallel(Array.from({ length: concurrency }), concurrency, async () => {
        for (let group = nextGroup(); group.length > 0; group = nextGroup()) {
          await store.appendMany(
            group.map((batch) => ({
              streamId: batch.streamId,
              events: batch.events,
              expectedRevision: 'no_stream' as const,
            })),
            { actor: IMPORTER, origin: 'import:bench-generated.xlsx#Plan' },
          );
          events += group.reduce((sum, batch) => sum + batch.events.length, 0);
          appends++;
        }
      });
      return { events, appends };
    },
  };
}
