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
import type { FoldedStreams } from '#command-handling';
import { inBatches, type EventStore } from '#event-store';
import type { ImportedPlan } from '../interpret/imported-plan.js';
import { actionIdOf, planIdOf, recommendationIdOf, sourceIdOf } from './import-ids.js';
import { judgeWorkbookDay, type PlanImportContext, type WorkbookDay } from './import-day.js';
import { recogniseRecommendations, type Recognition } from './recognise-recommendations.js';

/** A stream as it stands: its folded state and the revision of its last event (null: no stream). */
export type Existing<State> = {
  state: State;
  revision: number | null;
  /**
   * Its events, for the state as it stood on the day a workbook describes (see planImport); only
   * read when something in it took effect after that day (loadHistoryBefore).
   */
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
  /**
   * What loading judged on the way, since what to read depended on it (loadExistingState): the
   * known recommendations the workbook restates, and the day it describes. A state built by hand
   * has none, and planImport judges them itself.
   */
  judged?: { recognition: Recognition; day: WorkbookDay };
};

export const noExistingState = (): ExistingState => ({
  sources: new Map(),
  recommendations: new Map(),
  plans: new Map(),
  actions: new Map(),
});

/** The ids an import of this workbook would write to. */
export function idsOf(imported: ImportedPlan): {
  sources: string[];
  recommendations: string[];
  plan: string;
  actions: string[];
} {
  const plan = planIdOf(imported.plan);
  return {
    sources: imported.sources.map((source) => sourceIdOf(source.key)),
    recommendations: imported.recommendations.map((recommendation) => recommendationIdOf(recommendation.key)),
    plan,
    actions: imported.actions.map((action) => actionIdOf(plan, action.key)),
  };
}

type AnyEvent = { type: string; data: object };

/**
 * Loads every stream this workbook's import touches through the streams kept folded (reading only
 * what is new since each was last folded); `onProgress(done, total)` as streams are read. On the
 * way it judges what the reads depend on (`judged`): the known recommendations the workbook
 * restates, whose streams it loads too, and the day the workbook describes, for which it reads in
 * full the histories of the actions changed after it (loadHistoryBefore).
 */
export async function loadExistingState(
  streams: FoldedStreams,
  store: Pick<EventStore, 'readStream'>,
  imported: ImportedPlan,
  context: PlanImportContext,
  onProgress?: (done: number, total: number) => void,
): Promise<ExistingState> {
  const ids = idsOf(imported);
  const existing = noExistingState();
  const load = async <State>(
    map: Map<string, Existing<State>>,
    id: string,
    decider: Decider<unknown, AnyEvent, State>,
    streamId: string,
  ) => {
    const folded = await streams.load(decider as Decider<never, AnyEvent, State>, streamId);
    if (folded.head !== null) map.set(id, { state: folded.state, revision: folded.head.revision });
  };
  const jobs: (() => Promise<void>)[] = [
    ...ids.sources.map(
      (id) => () =>
        load(existing.sources, id, sourceDecider as Decider<unknown, AnyEvent, SourceState>, sourceStreamId(id)),
    ),
    ...ids.recommendations.map(
      (id) => () =>
        load(
          existing.recommendations,
          id,
          recommendationDecider as Decider<unknown, AnyEvent, RecommendationState>,
          recommendationStreamId(id),
        ),
    ),
    () => load(existing.plans, ids.plan, planDecider as Decider<unknown, AnyEvent, PlanState>, planStreamId(ids.plan)),
    ...ids.actions.map(
      (id) => () =>
        load(existing.actions, id, actionDecider as Decider<unknown, AnyEvent, ActionState>, actionStreamId(id)),
    ),
  ];
  let done = 0;
  onProgress?.(0, jobs.length);
  await inBatches(jobs, 8, async (job) => {
    await job();
    done += 1;
    if (done % 50 === 0 || done === jobs.length) onProgress?.(done, jobs.length);
  });
  // The known recommendations a later plan restates, recognised on the sources just loaded: their streams too.
  const recognised = recogniseRecommendations(imported, existing, context.refusedMatches ?? []);
  await inBatches([...recognised.matches.values()], 8, (match) =>
    load(
      existing.recommendations,
      match.recommendationId,
      recommendationDecider as Decider<unknown, AnyEvent, RecommendationState>,
      recommendationStreamId(match.recommendationId),
    ),
  );
  // The day is judged on the plan as loaded, by the planning's rules (import-day.ts).
  const day = judgeWorkbookDay(imported, existing, context);
  await loadHistoryBefore(store, existing, day.snapshotAt);
  existing.judged = { recognition: recognised, day };
  return existing;
}

/**
 * Reads in full the actions that hold a value taking effect after the workbook's day: a change
 * from the workbook then fills in the past, measured against the action as it stood that day,
 * which only its events can tell (planImport). Imports of newer workbooks read none.
 */
async function loadHistoryBefore(
  store: Pick<EventStore, 'readStream'>,
  existing: ExistingState,
  snapshotAt: IsoDateTime | null,
): Promise<void> {
  if (snapshotAt === null) return;
  const later = [...existing.actions].filter(
    ([, known]) =>
      known.state !== null &&
      Object.values(known.state.setAt ?? {}).some((at) => Date.parse(at) > Date.parse(snapshotAt)),
  );
  await inBatches(later, 8, async ([id, known]) => {
    const recorded = await store.readStream(actionStreamId(id));
    existing.actions.set(id, {
      ...known,
      history: recorded.map((event) => ({
        type: event.type,
        data: event.data,
        effectiveAt: event.metadata.effectiveAt.toISOString(),
      })),
    });
  });
}
