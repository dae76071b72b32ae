import {
  actionDecider,
  actionStreamId,
  DomainError,
  isIsoDate,
  planDecider,
  planStreamId,
  recommendationDecider,
  recommendationStreamId,
  sameDateOrText,
  sourceDecider,
  sourceStreamId,
  type Action,
  type ActionAmendments,
  type ActionEvent,
  type ActionRegister,
  type Decider,
  type IsoDate,
  type IsoDateTime,
  type RagStatus,
  registerSetAt,
} from '#domain';
import { NO_STREAM, type EventData, type NewEvent, type StreamWrite } from '#event-store';
import type { ImportedAction, ImportedPlan, Origin } from '../interpret/imported-plan.js';
import { endOfMonth } from '../values/parse-dates.js';
import { snapshotDateOf, type SnapshotDate } from '../interpret/snapshot-date.js';
import type { ExistingState, HistoryEvent } from './existing-state.js';
import { actionIdOf, commentIdOf, planIdOf, recommendationIdOf, sourceIdOf } from './import-ids.js';
import { originWarning, summaryWarning, type ChangedActionLine, type ImportSummary, type NewActionLine, type SummaryWarning } from './import-summary.js';

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
};

export type PlannedImport = {
  planId: string;
  /** One per stream that changes, in the order sources, recommendations, plan, actions. */
  writes: StreamWrite[];
  summary: ImportSummary;
};

type DomainEvent = { type: string; data: object };

/** One stream's state as planning goes, and the events planned for it. */
class PlannedStream<Command, Event extends DomainEvent, State> {
  readonly events: NewEvent[] = [];
  /** The state as it stood at the workbook's date, with what is planned so far that took effect by then. */
  stateAtSnapshot: State;

  constructor(
    readonly streamId: string,
    private readonly decider: Decider<Command, Event, State>,
    public state: State,
    private readonly revision: number | null,
    private readonly now: IsoDateTime,
    private readonly reason: string,
    history: HistoryEvent[] | undefined,
    readonly snapshotAt: IsoDateTime | null,
  ) {
    // Folding in recorded order the events in effect by then gives the state then: each value is the latest in effect.
    // With no history read, nothing in the stream took effect after the snapshot: the state then is the state now.
    this.stateAtSnapshot =
      snapshotAt === null || history === undefined
        ? state
        : history.filter((event) => Date.parse(event.effectiveAt) <= Date.parse(snapshotAt)).reduce((folded, event) => decider.evolve(folded, event as unknown as Event, event.effectiveAt), decider.initialState);
  }

  /** Decides the command and folds what it yields; `effectiveAt` null means at the import. */
  run(command: Command, effectiveAt: IsoDateTime | null, origin: string): Event[] {
    const events = this.decider.decide(command, this.state, { now: this.now });
    const at = effectiveAt ?? this.now;
    for (const event of events) {
      this.state = this.decider.evolve(this.state, event, at);
      if (this.snapshotAt === null) this.stateAtSnapshot = this.state;
      else if (Date.parse(at) <= Date.parse(this.snapshotAt)) this.stateAtSnapshot = this.decider.evolve(this.stateAtSnapshot, event, at);
      this.events.push({ type: event.type, data: event.data as EventData, origin, reason: this.reason, ...(effectiveAt ? { effectiveAt: new Date(effectiveAt) } : {}) });
    }
    return events;
  }

  write(): StreamWrite | null {
    return this.events.length === 0 ? null : { streamId: this.streamId, events: this.events, expectedRevision: this.revision ?? NO_STREAM };
  }
}

const startOfDay = (date: IsoDate): IsoDateTime => `${date}T00:00:00.000Z`;
const earliest = (times: IsoDateTime[]): IsoDateTime => times.reduce((a, b) => (Date.parse(b) < Date.parse(a) ? b : a));
const latest = (a: IsoDateTime, b: IsoDateTime): IsoDateTime => (Date.parse(b) > Date.parse(a) ? b : a);
export const importOrigin = (origin: Pick<Origin, 'file' | 'sheet' | 'row'>): string => `import:${origin.file}#${origin.sheet}!${origin.row}`;

const EVENT_FIELDS: Partial<Record<ActionEvent['type'], string>> = {
  ActionReassigned: 'owner',
  DueDateChanged: 'due',
  CommentAdded: 'comments',
  RagStatusChanged: 'status',
  ActionCompleted: 'completed',
  RetainedForOversight: 'retained for oversight',
  ActionReopened: 'reopened',
};

export function planImport(imported: ImportedPlan, existing: ExistingState, context: PlanImportContext): PlannedImport {
  const now = new Date(context.now).toISOString();
  const reason = `Imported from ${imported.file}`;
  const warnings: SummaryWarning[] = imported.warnings.map(summaryWarning);
  /** An effective time for an event: null (the time it is recorded) for one not before the import. */
  const effective = (time: IsoDateTime | null): IsoDateTime | null => (time === null || Date.parse(time) >= Date.parse(now) ? null : time);
  let snapshotAt: IsoDateTime | null = null;
  const stream = <Command, Event extends DomainEvent, State>(streamId: string, decider: Decider<Command, Event, State>, known: { state: State; revision: number | null; history?: HistoryEvent[] } | undefined) =>
    new PlannedStream(streamId, decider, known?.state ?? decider.initialState, known?.revision ?? null, now, reason, known?.history, snapshotAt);
  const firstSheet = imported.sheets[0] ?? '';

  // The plan.
  const planId = planIdOf(imported.plan);
  const planStream = stream(planStreamId(planId), planDecider, existing.plans.get(planId));
  const planIsNew = planStream.state === null;
  if (planIsNew) {
    const period = periodOf(imported, now);
    if (period.assumed) warnings.push({ code: 'PERIOD_ASSUMED', cell: imported.file, message: `the plan gives no period; opened for ${period.start} to ${period.end}, the April-to-March year of the import` });
    const { title, owner, board, reviewFrequency } = imported.plan;
    planStream.run(
      { type: 'OpenPlan', data: { planId, title, periodStart: period.start, periodEnd: period.end, owner, board, reviewFrequency } },
      effective(startOfDay(period.start)),
      importOrigin({ file: imported.file, sheet: firstSheet, row: 1 }),
    );
  }
  const plan = planStream.state!;
  const planStart = startOfDay(plan.periodStart);

  // The day the workbook describes: what it says of statuses and the like took effect then.
  const judged = importSnapshot(imported, existing, context);
  const { snapshot } = judged;
  snapshotAt = judged.snapshotAt;
  if (snapshot.date < plan.periodStart)
    warnings.push({ code: 'SNAPSHOT_BEFORE_PERIOD', cell: imported.file, message: `the workbook's date ${snapshot.date} is before the plan's period starts (${plan.periodStart}); what it says takes effect when each action was created` });

  // Sources and recommendations: one each whichever plan names them, created once.
  const sourceDates = new Map(imported.sources.map((source) => [source.key, source.date]));
  const sourceStreams = imported.sources.map((source) => {
    const id = sourceIdOf(source.key);
    const planned = stream(sourceStreamId(id), sourceDecider, existing.sources.get(id));
    const isNew = planned.state === null;
    if (isNew) planned.run({ type: 'RegisterSource', data: { sourceId: id, kind: source.kind, title: source.title, date: source.date } }, effective(source.date ? startOfDay(source.date) : null), importOrigin(source.origin));
    return { id, source, planned, isNew };
  });
  const recommendationStreams = imported.recommendations.map((rec) => {
    const id = recommendationIdOf(rec.key);
    const planned = stream(recommendationStreamId(id), recommendationDecider, existing.recommendations.get(id));
    const isNew = planned.state === null;
    const sourceDate = sourceDates.get(rec.sourceKey) ?? null;
    if (isNew)
      planned.run(
        { type: 'RecordRecommendation', data: { recommendationId: id, sourceId: sourceIdOf(rec.sourceKey), reference: rec.reference, text: rec.text, level: rec.level } },
        effective(sourceDate ? startOfDay(sourceDate) : null),
        importOrigin(rec.origin),
      );
    return { id, rec, planned, isNew };
  });

  // Actions.
  const newActions: NewActionLine[] = [];
  const changedActions: ChangedActionLine[] = [];
  const carriedForward: ImportSummary['actions']['carriedForward'] = [];
  const statusChanges: ImportSummary['statuses']['changes'] = [];
  const startingStatuses: ImportSummary['statuses']['new'] = { blue: 0, red: 0, amber: 0, green: 0, unrated: 0 };
  let unchanged = 0;
  const actionStreams: PlannedStream<unknown, ActionEvent, Action | null>[] = [];

  for (const action of imported.actions) {
    const id = actionIdOf(planId, action.key);
    const known = existing.actions.get(id);
    const planned = stream(actionStreamId(id), actionDecider, known) as PlannedStream<Parameters<typeof actionDecider.decide>[0], ActionEvent, Action | null>;
    const origin = importOrigin(action.origin);
    const line = { id, key: action.key, sheet: action.origin.sheet, row: action.origin.row, ref: action.ref };
    const comments = withCommentIds(id, action);
    const note = action.carriedForward && action.carriedForwardNote && !action.comments.some((comment) => comment.text.includes(action.carriedForwardNote!)) ? action.carriedForwardNote : null;
    const addComment = (commentId: string, text: string, at: IsoDateTime, commentOrigin: string) => {
      if (planned.state!.commentIds.includes(commentId)) return;
      const when = effective(latest(at, planned.state!.createdEffectiveAt));
      planned.run({ type: 'AddComment', data: { actionId: id, commentId, text, ...(when ? { effectiveAt: when } : {}) } }, when, commentOrigin);
    };
    const addNote = (at: IsoDateTime) => {
      if (note) addComment(commentIdOf(id, `carried forward: ${note}`, null), note, at, origin);
    };
    const isNew = planned.state === null;
    const keptLater = (register: ActionRegister) =>
      warnings.push(
        originWarning(
          action.origin,
          'OLDER_WORKBOOK',
          `the workbook describes ${snapshot.date}, and the store holds later changes to this action; its ${register === 'lifecycle' ? 'status' : register} was not applied, as it would replace what took effect later`,
        ),
      );
    try {
      if (isNew) {
        const datedComments = comments.filter((comment) => comment.effectiveDate !== null).map((comment) => startOfDay(comment.effectiveDate!));
        const created = effective(earliest([planStart, ...(action.start?.kind === 'date' ? [startOfDay(action.start.date)] : []), ...datedComments]));
        planned.run(
          {
            type: 'CreateAction',
            data: {
              actionId: id,
              planId,
              sourceId: sourceIdOf(action.sourceKey),
              recommendationId: action.recommendationKey ? recommendationIdOf(action.recommendationKey) : null,
              ref: action.ref,
              description: action.description,
              owner: action.owner,
              dltLead: action.dltLead,
              start: action.start,
              due: action.due,
              successMeasure: action.successMeasure,
              experienceOfChildren: action.experienceOfChildren,
              theme: action.theme,
              ...(created ? { effectiveAt: created } : {}),
            },
          },
          created,
          origin,
        );
        for (const comment of comments) addComment(comment.id, comment.text, comment.effectiveDate ? startOfDay(comment.effectiveDate) : (snapshotAt ?? now), importOrigin(comment.origin));
        addNote(planStart);
      } else {
        const state = planned.state!;
        if (state.withdrawn) {
          warnings.push(originWarning(action.origin, 'ACTION_WITHDRAWN', `the action was withdrawn; what the workbook says of it was not imported`));
          continue;
        }
        const changed = changeAt(planned, keptLater);
        const changes = amendments(action, changed.needs);
        if (Object.keys(changes).length > 0) planned.run({ type: 'AmendAction', data: { actionId: id, reason, changes, ...changed.at } }, changed.when, origin);
        if (action.owner !== null && changed.needs('owner', (s) => action.owner !== s.owner)) planned.run({ type: 'ReassignAction', data: { actionId: id, reason, to: action.owner, ...changed.at } }, changed.when, origin);
        if (action.due !== null && changed.needs('due', (s) => !sameDateOrText(action.due, s.currentDue)))
          planned.run({ type: 'ChangeDueDate', data: { actionId: id, reason, to: action.due, ...changed.at } }, changed.when, origin);
        for (const comment of comments) {
          const at = comment.effectiveDate ? startOfDay(comment.effectiveDate) : (snapshotAt ?? now);
          if (!planned.state!.commentIds.includes(comment.id) && Date.parse(at) < Date.parse(state.createdEffectiveAt))
            warnings.push(originWarning(comment.origin, 'COMMENT_BEFORE_ACTION', `"${comment.text.slice(0, 40)}" is dated before the action was created (${state.createdEffectiveAt.slice(0, 10)}); it takes effect then`));
          addComment(comment.id, comment.text, at, importOrigin(comment.origin));
        }
        addNote(snapshotAt ?? now);
      }
      if (snapshotAt !== null)
        for (const comment of comments)
          if (comment.effectiveDate !== null && startOfDay(comment.effectiveDate) > snapshotAt)
            warnings.push(originWarning(comment.origin, 'COMMENT_AFTER_SNAPSHOT', `"${comment.text.slice(0, 40)}" is dated after the workbook's date (${snapshot.date}); it keeps its own date`));
      applyStatus(planned, id, action, reason, origin, changeAt(planned, keptLater));
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      warnings.push(originWarning(action.origin, 'REFUSED', `not imported: ${error.message}`));
      continue;
    }

    actionStreams.push(planned as PlannedStream<unknown, ActionEvent, Action | null>);
    const final = planned.state!;
    const types = planned.events.map((event) => event.type as ActionEvent['type']);
    if (isNew) {
      startingStatuses[final.status ?? 'unrated'] += 1;
      newActions.push({
        ...line,
        description: action.description,
        owner: action.owner,
        due: action.due,
        status: final.status,
        completed: final.completed,
        retainedForOversight: final.retainedForOversight,
        comments: types.filter((type) => type === 'CommentAdded').length,
      });
    } else if (types.length === 0) unchanged += 1;
    else {
      const fields = planned.events.flatMap((event) =>
        event.type === 'ActionAmended' ? (event.data as { changes: { field: string }[] }).changes.map((change) => change.field) : [EVENT_FIELDS[event.type as ActionEvent['type']] ?? event.type],
      );
      changedActions.push({ ...line, fields: [...new Set(fields)] });
      for (const event of planned.events)
        if (event.type === 'RagStatusChanged') {
          const data = event.data as { from: RagStatus | null; to: RagStatus };
          statusChanges.push({ ...line, from: data.from, to: data.to });
        }
    }
    if (isNew && action.carriedForward) carriedForward.push({ id, sheet: action.origin.sheet, row: action.origin.row, ref: action.ref, note: action.carriedForwardNote ?? '' });
  }

  const writes = [...sourceStreams.map((s) => s.planned), ...recommendationStreams.map((r) => r.planned), planStream, ...actionStreams]
    .map((planned) => planned.write())
    .filter((write): write is StreamWrite => write !== null);
  const allEvents = writes.flatMap((write) => write.events);
  const count = (type: string) => allEvents.filter((event) => event.type === type).length;

  return {
    planId,
    writes,
    summary: {
      file: imported.file,
      sheets: imported.sheets,
      plan: { id: planId, title: plan.title, periodStart: plan.periodStart, periodEnd: plan.periodEnd, new: planIsNew },
      asOf: snapshot,
      sources: {
        new: sourceStreams.filter((s) => s.isNew).map(({ id, source }) => ({ id, key: source.key, kind: source.kind, title: source.title, date: source.date })),
        existing: sourceStreams.filter((s) => !s.isNew).length,
      },
      recommendations: {
        new: recommendationStreams.filter((r) => r.isNew).map(({ id, rec }) => ({ id, key: rec.key, sourceId: sourceIdOf(rec.sourceKey), reference: rec.reference, text: rec.text, level: rec.level })),
        existing: recommendationStreams.filter((r) => !r.isNew).length,
      },
      actions: { new: newActions, changed: changedActions, unchanged, carriedForward },
      comments: { new: count('CommentAdded') },
      statuses: { new: startingStatuses, changes: statusChanges },
      completions: { completed: count('ActionCompleted'), retainedForOversight: count('RetainedForOversight') },
      warnings,
      events: allEvents.length,
      streams: writes.length,
    },
  };
}

/**
 * The day the workbook describes (snapshot-date.ts), judged against the plan's period as the
 * store holds it or as this import opens it, and the moment its changes take effect: null when
 * that is today, so the store stamps them as it records them.
 */
export function importSnapshot(imported: ImportedPlan, existing: ExistingState, context: PlanImportContext): { snapshot: SnapshotDate; snapshotAt: IsoDateTime | null } {
  const now = new Date(context.now).toISOString();
  const today = now.slice(0, 10);
  if (context.asOf && !isIsoDate(context.asOf)) throw new DomainError('INVALID', `the workbook's date must be a real day as YYYY-MM-DD, got "${context.asOf}"`, 'asOf');
  if (context.asOf && context.asOf > today) throw new DomainError('EFFECTIVE_IN_FUTURE', `the workbook's date ${context.asOf} is after today`, 'asOf');
  const known = existing.plans.get(planIdOf(imported.plan))?.state;
  const period = known ? { start: known.periodStart, end: known.periodEnd } : periodOf(imported, now);
  const snapshot = snapshotDateOf(imported, { asOf: context.asOf ?? null, today, period: { start: period.start, end: period.end } });
  return { snapshot, snapshotAt: snapshot.date >= today ? null : startOfDay(snapshot.date) };
}

/**
 * The status the workbook gives: blue (or "complete") completes the action, "kept in to retain
 * oversight" then retains it; any other status is set as it is. An empty status cell leaves the
 * status as it was: the plan not rating an action is not a change of its status.
 */
function applyStatus(planned: PlannedActionStream, actionId: string, action: ImportedAction, reason: string, origin: string, changed: ChangeAt): void {
  const run = (command: Parameters<typeof actionDecider.decide>[0]) => planned.run(command, changed.when, origin);
  if (action.completed) {
    if (changed.needs('lifecycle', (s) => !s.completed)) run({ type: 'CompleteAction', data: { actionId, reason, ...changed.at } });
    if (action.retainedForOversight && changed.needs('lifecycle', (s) => !s.retainedForOversight)) run({ type: 'RetainForOversight', data: { actionId, reason, ...changed.at } });
  } else if (action.status !== null && changed.needs('lifecycle', (s) => action.status !== s.status)) {
    run({ type: 'ChangeRagStatus', data: { actionId, reason, to: action.status, ...changed.at } });
  }
}

type PlannedActionStream = PlannedStream<Parameters<typeof actionDecider.decide>[0], ActionEvent, Action | null>;

/**
 * When an action's changes from this workbook take effect (`when`; null: at the import), and
 * whether a register needs the workbook's value (`needs`):
 * - on a date before the register's value took effect, the change fills in the past, measured
 *   against the state as it stood then, so importing the same snapshot twice adds nothing;
 * - otherwise it is measured against the state as it stands; but when the store holds changes to
 *   the action that took effect after the workbook's date (an older workbook imported after a
 *   newer one), a change that would replace the present value is not made (`onKeptLater` says so).
 */
type ChangeAt = { when: IsoDateTime | null; at: { effectiveAt?: IsoDateTime }; needs: (register: ActionRegister, differs: (state: Action) => boolean) => boolean };

function changeAt(planned: PlannedActionStream, onKeptLater: (register: ActionRegister) => void): ChangeAt {
  const { snapshotAt } = planned;
  // Nothing takes effect before the action existed.
  const when = snapshotAt === null ? null : latest(snapshotAt, planned.state!.createdEffectiveAt);
  const newerKnown = when !== null && Object.values(planned.state!.setAt ?? {}).some((at) => Date.parse(at) > Date.parse(when));
  return {
    when,
    at: when ? { effectiveAt: when } : {},
    needs: (register, differs) => {
      if (when !== null && Date.parse(when) < Date.parse(registerSetAt(planned.state!, register))) return differs(planned.stateAtSnapshot!);
      if (!differs(planned.state!)) return false;
      if (newerKnown) {
        onKeptLater(register);
        return false;
      }
      return true;
    },
  };
}

/** The fields of an action the workbook now words differently (owner, due date and status have commands of their own). */
function amendments(action: ImportedAction, needs: ChangeAt['needs']): ActionAmendments {
  const changes: ActionAmendments = {};
  if (needs('description', (s) => action.description !== s.description)) changes.description = action.description;
  if (needs('successMeasure', (s) => action.successMeasure !== s.successMeasure)) changes.successMeasure = action.successMeasure;
  if (needs('experienceOfChildren', (s) => action.experienceOfChildren !== s.experienceOfChildren)) changes.experienceOfChildren = action.experienceOfChildren;
  if (needs('theme', (s) => action.theme !== s.theme)) changes.theme = action.theme;
  if (needs('ref', (s) => action.ref !== s.ref)) changes.ref = action.ref;
  if (needs('dltLead', (s) => action.dltLead !== s.dltLead)) changes.dltLead = action.dltLead;
  if (needs('start', (s) => !sameDateOrText(action.start, s.start))) changes.start = action.start;
  return changes;
}

/** The action's comments with their ids; identical comments in one cell are told apart by their order. */
function withCommentIds(actionId: string, action: ImportedAction) {
  const seen = new Map<string, number>();
  return action.comments.map((comment) => {
    const same = `${comment.effectiveDate ?? ''}\n${comment.text.trim()}`;
    const occurrence = (seen.get(same) ?? 0) + 1;
    seen.set(same, occurrence);
    return { ...comment, id: commentIdOf(actionId, comment.text, comment.effectiveDate, occurrence) };
  });
}

/** The plan's period as the workbook gives it; a missing end is a year after the start and vice versa. */
function periodOf(imported: ImportedPlan, now: IsoDateTime): { start: IsoDate; end: IsoDate; assumed: boolean } {
  const { periodStart, periodEnd } = imported.plan;
  if (periodStart && periodEnd) return { start: periodStart, end: periodEnd, assumed: false };
  if (periodStart) return { start: periodStart, end: dayBefore(addYear(periodStart)), assumed: false };
  if (periodEnd) return { start: dayAfter(addYear(periodEnd, -1)), end: periodEnd, assumed: false };
  // Unknown: the April-to-March year the import falls in, as the service's plans run.
  const year = Number(now.slice(0, 4));
  const startYear = Number(now.slice(5, 7)) >= 4 ? year : year - 1;
  return { start: `${startYear}-04-01`, end: endOfMonth(startYear + 1, 3), assumed: true };
}

const shiftDays = (date: IsoDate, days: number): IsoDate => new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
const dayBefore = (date: IsoDate): IsoDate => shiftDays(date, -1);
const dayAfter = (date: IsoDate): IsoDate => shiftDays(date, 1);
function addYear(date: IsoDate, years = 1): IsoDate {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const last = Number(endOfMonth(y + years, m).slice(8));
  return `${y + years}-${String(m).padStart(2, '0')}-${String(Math.min(d, last)).padStart(2, '0')}`;
}
