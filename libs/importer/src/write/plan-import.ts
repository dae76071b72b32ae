import {
  planDecider,
  planStreamId,
  recommendationDecider,
  recommendationStreamId,
  sourceDecider,
  sourceStreamId,
  type PlanState,
  type SourceCommand,
  type SourceEvent,
  type SourceState,
} from '#domain';
import { StreamBatch, type PendingStream } from '#command-handling';
import type { StreamWrite } from '#event-store';
import type { ImportedPlan } from '../interpret/imported-plan.js';
import { MAX_TEXT_COMPARISONS, TEXT_MATCH_THRESHOLD } from '../recommendations/match-recommendation.js';
import { SOURCE_NOT_NAMED_KEY } from '../interpret/keys.js';
import type { ExistingState } from './existing-state.js';
import { planIdOf, sourceIdOf } from './import-ids.js';
import { originWarning, summaryWarning, type ImportSummary, type RecommendationMatchLine } from './import-summary.js';
import {
  recogniseRecommendations,
  recommendationIdIn,
  type Recognition,
  type RecognisedRecommendation,
} from './recognise-recommendations.js';
import { planActions } from './plan-actions.js';
import { effectiveIn, importOrigin, startOfDay, type Planning } from './planning.js';

export { importOrigin } from './planning.js';

import { judgeWorkbookDay, type PlanImportContext, type WorkbookDay } from './import-day.js';
export type { PlanImportContext } from './import-day.js';

export type PlannedImport = {
  planId: string;
  /** One per stream that changes, in the order sources, recommendations, plan, actions. */
  writes: StreamWrite[];
  /** The same writes, decided in the command-handling library's batch: what executeImport appends (appendBatch). */
  batch: StreamBatch;
  summary: ImportSummary;
};

/**
 * The import planned in named steps, each deciding its streams in one batch (so the writes come
 * in the order the steps open them): the day the workbook describes, its sources, their
 * recommendations, the plan, the plan's actions; then the summary of it all.
 */
export function planImport(imported: ImportedPlan, existing: ExistingState, context: PlanImportContext): PlannedImport {
  const reason = `Imported from ${imported.file}`;
  // The import's time, given: every decision of the batch is made at it.
  const batch = new StreamBatch({ now: () => new Date(context.now) }, reason, context.calendar);
  const planning: Planning = {
    imported,
    existing,
    batch,
    reason,
    warnings: imported.warnings.map(summaryWarning),
    calendar: context.calendar,
  };
  // Judged as the store was loaded (loadExistingState); judged here for a state built by hand.
  const judged = existing.judged?.day ?? judgeWorkbookDay(imported, existing, context);
  const recognition =
    existing.judged?.recognition ?? recogniseRecommendations(imported, existing, context.refusedMatches ?? []);
  for (const sourceKey of recognition.textSkipped)
    planning.warnings.push({
      code: 'RECOMMENDATION_MATCH_LIMITED',
      cell: imported.file,
      message: `too many recommendations of ${sourceKey} to compare by their words (over ${MAX_TEXT_COMPARISONS.toLocaleString('en-GB')} comparisons): only numbered ones were matched; link the others by hand`,
    });
  for (const miss of recognition.nearMisses) {
    const rec = imported.recommendations.find((r) => r.key === miss.key)!;
    planning.warnings.push(
      originWarning(
        rec.origin,
        'RECOMMENDATION_NEAR_MISS',
        `"${miss.text}" is near "${miss.knownText}" (${miss.recommendationId}, score ${miss.score}, below ${TEXT_MATCH_THRESHOLD}): recorded as a new recommendation; link them by hand if they are one`,
      ),
    );
  }
  const sources = planSources(planning);
  const recommendations = planRecommendations(planning, sources.streams, recognition);
  const plan = planThePlan(planning, judged);
  const actions = planActions(planning, plan, judged, recognition);
  const writes = batch.writes();
  const allEvents = writes.flatMap((write) => write.events);
  const count = (type: string) => allEvents.filter((event) => event.type === type).length;
  return {
    planId: plan.planId,
    writes,
    batch,
    summary: {
      file: imported.file,
      sheets: imported.sheets,
      columns: imported.columns,
      plan: {
        id: plan.planId,
        title: plan.title,
        periodStart: plan.periodStart,
        periodEnd: plan.periodEnd,
        new: plan.isNew,
      },
      asOf: judged.snapshot,
      sources: sources.summary,
      recommendations,
      actions: actions.actions,
      comments: { new: count('CommentAdded') },
      statuses: actions.statuses,
      completions: { completed: count('ActionCompleted'), retainedForOversight: count('RetainedForOversight') },
      warnings: planning.warnings,
      events: allEvents.length,
      streams: writes.length,
    },
  };
}

type SourceStreams = Map<string, PendingStream<SourceCommand, SourceEvent, SourceState>>;

/**
 * The sources step: each source the workbook names registered once, whichever plan names it, at
 * its date when it has one; its stream, open in the batch, for the recommendations step to file on.
 */
function planSources(planning: Planning): { summary: ImportSummary['sources']; streams: SourceStreams } {
  const { imported, existing, batch } = planning;
  const planned = imported.sources.map((source) => {
    const id = sourceIdOf(source.key);
    const stream = batch.open(sourceStreamId(id), sourceDecider, existing.sources.get(id));
    const isNew = stream.state === null;
    if (isNew)
      stream.decide(
        { type: 'RegisterSource', data: { sourceId: id, kind: source.kind, title: source.title, date: source.date } },
        effectiveIn(planning, source.date ? startOfDay(planning, source.date) : null),
        importOrigin(source.origin),
      );
    return { id, source, isNew, stream };
  });
  return {
    summary: {
      new: planned
        .filter((s) => s.isNew)
        .map(({ id, source }) => ({ id, key: source.key, kind: source.kind, title: source.title, date: source.date })),
      existing: planned.filter((s) => !s.isNew).length,
    },
    streams: new Map(planned.map(({ id, stream }) => [id, stream])),
  };
}

/**
 * The recommendations step: each recorded once, under its source, at the source's date when it
 * has one; one the store knows under another key (recognised: a later plan restating it) keeps
 * its identity and gets this plan's words as a restatement, from the plan's start. Every wording
 * is filed on the source, so the next plan is matched against all of them.
 */
function planRecommendations(
  planning: Planning,
  sourceStreams: SourceStreams,
  recognition: Recognition,
): ImportSummary['recommendations'] {
  const { imported, existing, batch } = planning;
  const sourceDates = new Map(imported.sources.map((source) => [source.key, source.date]));
  const planId = planIdOf(imported.plan);
  const known = existing.plans.get(planId)?.state;
  const planStart = known?.periodStart ?? imported.plan.periodStart;
  const planned = imported.recommendations.map((rec) => {
    const match = recognition.matches.get(rec.key) ?? null;
    const id = recommendationIdIn(recognition, rec.key);
    const stream = batch.open(recommendationStreamId(id), recommendationDecider, existing.recommendations.get(id));
    const isNew = stream.state === null;
    const sourceDate = sourceDates.get(rec.sourceKey) ?? null;
    const recordedAt = effectiveIn(planning, sourceDate ? startOfDay(planning, sourceDate) : null);
    if (isNew)
      stream.decide(
        {
          type: 'RecordRecommendation',
          data: {
            recommendationId: id,
            sourceId: sourceIdOf(rec.sourceKey),
            reference: rec.reference,
            text: rec.text,
            level: rec.level,
          },
        },
        recordedAt,
        importOrigin(rec.origin),
      );
    else if (match)
      stream.decide(
        {
          type: 'RestateRecommendation',
          data: { recommendationId: id, planId, reference: rec.reference, text: rec.text },
        },
        effectiveIn(planning, planStart ? startOfDay(planning, planStart) : null),
        importOrigin(rec.origin),
      );
    const sourceStream = sourceStreams.get(sourceIdOf(rec.sourceKey));
    // A match files the plan's words on the source the known one is filed on, which is this one (same
    // source key). "Source not named" is no source but a tray: what lands in it is never matched.
    if (sourceStream?.state && rec.sourceKey !== SOURCE_NOT_NAMED_KEY)
      sourceStream.decide(
        {
          type: 'FileRecommendation',
          data: { sourceId: sourceIdOf(rec.sourceKey), recommendationId: id, reference: rec.reference, text: rec.text },
        },
        match ? effectiveIn(planning, planStart ? startOfDay(planning, planStart) : null) : recordedAt,
        importOrigin(rec.origin),
      );
    return { id, rec, isNew };
  });
  return {
    new: planned
      .filter((r) => r.isNew)
      .map(({ id, rec }) => ({
        id,
        key: rec.key,
        sourceId: sourceIdOf(rec.sourceKey),
        reference: rec.reference,
        text: rec.text,
        level: rec.level,
      })),
    existing: planned.filter((r) => !r.isNew).length,
    matched: [...recognition.matches.values()].map(matchLine),
    refused: recognition.refused.map(matchLine),
  };
}

const matchLine = (match: RecognisedRecommendation): RecommendationMatchLine => ({
  matchId: match.matchId,
  text: match.text,
  recommendationId: match.recommendationId,
  knownText: match.knownText,
  rule: match.rule,
  score: match.score,
});

/**
 * The plan step: the plan opened at the start of its period when the store does not hold it (for
 * the April-to-March year of the import when the workbook gives no period), and a warning when the
 * workbook's day falls before that period.
 */
function planThePlan(
  planning: Planning,
  { snapshot, period }: WorkbookDay,
): NonNullable<PlanState> & { planId: string; isNew: boolean } {
  const { imported, existing, batch, warnings } = planning;
  const planId = planIdOf(imported.plan);
  const stream = batch.open(planStreamId(planId), planDecider, existing.plans.get(planId));
  const isNew = stream.state === null;
  if (isNew) {
    if (period.assumed)
      warnings.push({
        code: 'PERIOD_ASSUMED',
        cell: imported.file,
        message: `the plan gives no period; opened for ${period.start} to ${period.end}, the April-to-March year of the import`,
      });
    const { title, owner, board, reviewFrequency } = imported.plan;
    stream.decide(
      {
        type: 'OpenPlan',
        data: { planId, title, periodStart: period.start, periodEnd: period.end, owner, board, reviewFrequency },
      },
      effectiveIn(planning, startOfDay(planning, period.start)),
      importOrigin({ file: imported.file, sheet: imported.sheets[0] ?? '', row: 1 }),
    );
  }
  const plan = stream.state!;
  if (snapshot.date < plan.periodStart)
    warnings.push({
      code: 'SNAPSHOT_BEFORE_PERIOD',
      cell: imported.file,
      message: `the workbook's date ${snapshot.date} is before the plan's period starts (${plan.periodStart}); what it says takes effect when each action was created`,
    });
  return { ...plan, planId, isNew };
}
