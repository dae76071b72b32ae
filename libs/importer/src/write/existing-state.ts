import {
  actionDecider,
  actionStreamId,
  planDecider,
  planStreamId,
  recommendationDecider,
  recommendationStreamId,
  sourceDecider,
  sourceStreamId,
  type ActionState,
  type Decider,
  type IsoDateTime,
  type PlanState,
  type RecommendationState,
  type SourceState,
} from '#domain';
import { inBatches, type EventStore } from '#event-store';
import type { ImportedPlan } from '../interpret/imported-plan.js';
import { actionIdOf, planIdOf, recommendationIdOf, sourceIdOf } from './import-ids.js';

/** A stream as it stands: its folded state and the revision of its last event (null: no stream). */
export type Existing<State> = {
  state: State;
  revision: number | null;
  /** Its events, for the state as it stood on the day a workbook describes (see planImport). */
  history?: HistoryEvent[];
};

/** A stored event as the domain folds it. */
export type HistoryEvent = { type: string; data: object; effectiveAt: IsoDateTime };

/**
 * The current domain state of every stream an import touches, by id. A stream absent from its map
 * does not exist yet. The caller loads it (loadExistingState) so that planning stays pure.
 */
export type ExistingState = {
  sources: Map<string, Existing<SourceState>>;
  recommendations: Map<string, Existing<RecommendationState>>;
  plans: Map<string, Existing<PlanState>>;
  actions: Map<string, Existing<ActionState>>;
};

export const noExistingState = (): ExistingState => ({ sources: new Map(), recommendations: new Map(), plans: new Map(), actions: new Map() });

/** The ids an import of this workbook would write to. */
export function idsOf(imported: ImportedPlan): { sources: string[]; recommendations: string[]; plan: string; actions: string[] } {
  const plan = planIdOf(imported.plan);
  return {
    sources: imported.sources.map((source) => sourceIdOf(source.key)),
    recommendations: imported.recommendations.map((recommendation) => recommendationIdOf(recommendation.key)),
    plan,
    actions: imported.actions.map((action) => actionIdOf(plan, action.key)),
  };
}

type StreamReader = Pick<EventStore, 'readStream'>;
type AnyEvent = { type: string; data: object };

/** Reads a stream and folds it with the domain's evolve, as a command handler does. */
async function load<Event extends AnyEvent, State>(store: StreamReader, streamId: string, decider: Decider<unknown, Event, State>): Promise<Existing<State> | null> {
  const recorded = await store.readStream(streamId);
  if (recorded.length === 0) return null;
  const history = recorded.map((event) => ({ type: event.type, data: event.data, effectiveAt: event.metadata.effectiveAt.toISOString() }));
  const state = history.reduce((current, event) => decider.evolve(current, { type: event.type, data: event.data } as unknown as Event, event.effectiveAt), decider.initialState);
  return { state, revision: recorded[recorded.length - 1]!.revision, history };
}

/** Loads every stream this workbook's import touches; `onProgress(done, total)` as streams are read. */
export async function loadExistingState(store: StreamReader, imported: ImportedPlan, onProgress?: (done: number, total: number) => void): Promise<ExistingState> {
  const ids = idsOf(imported);
  const existing = noExistingState();
  const jobs: (() => Promise<void>)[] = [
    ...ids.sources.map((id) => async () => void put(existing.sources, id, await load(store, sourceStreamId(id), sourceDecider as Decider<unknown, never, SourceState>))),
    ...ids.recommendations.map((id) => async () => void put(existing.recommendations, id, await load(store, recommendationStreamId(id), recommendationDecider as Decider<unknown, never, RecommendationState>))),
    async () => void put(existing.plans, ids.plan, await load(store, planStreamId(ids.plan), planDecider as Decider<unknown, never, PlanState>)),
    ...ids.actions.map((id) => async () => void put(existing.actions, id, await load(store, actionStreamId(id), actionDecider as Decider<unknown, never, ActionState>))),
  ];
  let done = 0;
  onProgress?.(0, jobs.length);
  await inBatches(jobs, 8, async (job) => {
    await job();
    done += 1;
    if (done % 50 === 0 || done === jobs.length) onProgress?.(done, jobs.length);
  });
  return existing;
}

function put<State>(map: Map<string, Existing<State>>, id: string, value: Existing<State> | null): void {
  if (value) map.set(id, value);
}
