import {
  DomainError,
  isIsoDate,
  planDecider,
  planStreamId,
  recommendationDecider,
  recommendationStreamId,
  sourceDecider,
  sourceStreamId,
  type CalendarDays,
  type IsoDate,
  type IsoDateTime,
  type PlanState,
  type SourceCommand,
  type SourceEvent,
  type SourceState,
} from '#domain';
import { StreamBatch, type PendingStream } from '#command-handling';
import type { StreamWrite } from '#event-store';
import type { ImportedPlan } from '../interpret/imported-plan.js';
import { endOfMonth } from '../values/parse-dates.js';
import { MAX_TEXT_COMPARISONS, TEXT_MATCH_THRESHOLD } from '../recommendations/match-recommendation.js';
import { SOURCE_NOT_NAMED_KEY } from '../interpret/keys.js';
import { snapshotDateOf, type SnapshotDate } from '../interpret/snapshot-date.js';
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

/**
 * A workbook, read, against what the store already holds → the events that bring the store to
 * what the workbook says, as one multi-stream write, and a summary of them. Pure: the caller
 * loads the existing state and appends the writes (execute-import.ts).
 *
 * Every change goes through the domain's `decide` against the state folded so far, so the
 * domain's rules hold and a command that changes nothing yields nothing; importing what the
 * store already holds therefore plans no writes at all.
 *
 * When things take effect (an event's effectiveAt; none means when the store records it):
 * - the plan at its period's start; a source, and its recommendations, at the source's date
 *   when the plan gives one;
 * - a new action at the earliest of its plan's start, its own start date and its earliest dated
 *   comment, since nothing about it may take effect before it exists;
 * - a comment at its date; an undated one at the workbook's date (it was there by then; when it
 *   was written the workbook does not say);
 * - statuses, completions, retentions, and on an action already known its owner, due date and
 *   wording, at the workbook's date (snapshot-date.ts): the workbook says how things stood on
 *   the day it describes, not since when. On a date before the value now held took effect (an
 *   older snapshot imported after a newer one, or an import made before workbooks had dates,
 *   imported again with its date) the change fills in the past, and only where the past differs.
 * Nothing takes effect after `now`, nor before the action it concerns was created.
 */
export type PlanImportContext = {
  /** The import's time: what "now" is for decide, and the latest anything may take effect. */
  now: IsoDateTime;
  /** The day the workbook describes, when the person importing knows it; else it is found in the workbook. */
  asOf?: IsoDate | null;
  /** The `matchId`s of recommendation matches the person refused (recognise-recommendations.ts). */
  refusedMatches?: readonly string[];
  /** The service's days (TIME_ZONE): today, and the moment a day the workbook gives begins. */
  calendar: CalendarDays;
};

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
  const judged = importSnapshot(imported, existing, context);
  const recognition = recogniseRecommendations(imported, existing, context.refusedMatches ?? []);
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
  const plan = planThePlan(planning, judged.snapshot);
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
  snapshot: SnapshotDate,
): NonNullable<PlanState> & { planId: string; isNew: boolean } {
  const { imported, existing, batch, warnings } = planning;
  const planId = planIdOf(imported.plan);
  const stream = batch.open(planStreamId(planId), planDecider, existing.plans.get(planId));
  const isNew = stream.state === null;
  if (isNew) {
    const period = periodOf(imported, planning.calendar.dayOf(batch.now));
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

/**
 * The day the workbook describes (snapshot-date.ts), judged against the plan's period as the
 * store holds it or as this import opens it, and the moment its changes take effect: null when
 * that is today, so the store stamps them as it records them.
 */
export function importSnapshot(
  imported: ImportedPlan,
  existing: ExistingState,
  context: PlanImportContext,
): { snapshot: SnapshotDate; snapshotAt: IsoDateTime | null } {
  const now = new Date(context.now).toISOString();
  const today = context.calendar.dayOf(now);
  if (context.asOf && !isIsoDate(context.asOf))
    throw new DomainError(
      'INVALID',
      `the workbook's date must be a real day as YYYY-MM-DD, got "${context.asOf}"`,
      'asOf',
    );
  if (context.asOf && context.asOf > today)
    throw new DomainError('EFFECTIVE_IN_FUTURE', `the workbook's date ${context.asOf} is after today`, 'asOf');
  const known = existing.plans.get(planIdOf(imported.plan))?.state;
  const period = known ? { start: known.periodStart, end: known.periodEnd } : periodOf(imported, today);
  const snapshot = snapshotDateOf(imported, {
    asOf: context.asOf ?? null,
    today,
    period: { start: period.start, end: period.end },
    dayOf: (instant) => context.calendar.dayOf(instant),
  });
  return { snapshot, snapshotAt: snapshot.date >= today ? null : startOfDay(context, snapshot.date) };
}

/** The plan's period as the workbook gives it; a missing end is a year after the start and vice versa. */
function periodOf(imported: ImportedPlan, today: IsoDate): { start: IsoDate; end: IsoDate; assumed: boolean } {
  const { periodStart, periodEnd } = imported.plan;
  if (periodStart && periodEnd) return { start: periodStart, end: periodEnd, assumed: false };
  if (periodStart) return { start: periodStart, end: dayBefore(addYear(periodStart)), assumed: false };
  if (periodEnd) return { start: dayAfter(addYear(periodEnd, -1)), end: periodEnd, assumed: false };
  // Unknown: the April-to-March year the import falls in, as the service's plans run.
  const year = Number(today.slice(0, 4));
  const startYear = Number(today.slice(5, 7)) >= 4 ? year : year - 1;
  return { start: `${startYear}-04-01`, end: endOfMonth(startYear + 1, 3), assumed: true };
}

const shiftDays = (date: IsoDate, days: number): IsoDate =>
  new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
const dayBefore = (date: IsoDate): IsoDate => shiftDays(date, -1);
const dayAfter = (date: IsoDate): IsoDate => shiftDays(date, 1);
function addYear(date: IsoDate, years = 1): IsoDate {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const last = Number(endOfMonth(y + years, m).slice(8));
  return `${y + years}-${String(m).padStart(2, '0')}-${String(Math.min(d, last)).padStart(2, '0')}`;
}
