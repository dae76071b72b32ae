import {
  actionDecider,
  actionStreamId,
  DomainError,
  registerSetAt,
  sameDateOrText,
  type Action,
  type ActionAmendments,
  type ActionCommand,
  type ActionEvent,
  type ActionRegister,
  type ActionState,
  type AmendedChange,
  type DateOrText,
  type IsoDateTime,
  type RagStatus,
} from '#domain';
import type { AsOf, PendingStream } from '#command-handling';
import type { ImportedAction, ImportedComment } from '../interpret/imported-plan.js';
import type { SnapshotDate } from '../interpret/snapshot-date.js';
import type { Existing } from './existing-state.js';
import { actionIdOf, commentIdOf, sourceIdOf } from './import-ids.js';
import { recommendationIdIn, type Recognition } from './recognise-recommendations.js';
import {
  originWarning,
  type ChangedActionLine,
  type FieldChange,
  type ImportSummary,
  type NewActionLine,
} from './import-summary.js';
import { earliest, effectiveIn, importOrigin, latest, startOfDay, type Planning } from './planning.js';

/** The actions step of planning an import (planImport): each action of the workbook decided in the batch, and what became of them. */
export function planActions(
  planning: Planning,
  plan: { planId: string; periodStart: string },
  judged: { snapshot: SnapshotDate; snapshotAt: IsoDateTime | null },
  recognition: Recognition = { matches: new Map(), refused: [], nearMisses: [], textSkipped: [] },
): Pick<ImportSummary, 'actions' | 'statuses'> {
  const step: ActionStep = {
    ...planning,
    ...judged,
    planId: plan.planId,
    planStart: startOfDay(planning, plan.periodStart),
    recognition,
  };
  const tally = new ActionTally();
  for (const action of planning.imported.actions) {
    const planned = planAction(step, action);
    if (planned) tally.add(action, planned);
  }
  return tally.summary();
}

/** What deciding an action needs beside the workbook and the store: its plan, and the day the workbook describes. */
type ActionStep = Planning & {
  planId: string;
  planStart: IsoDateTime;
  snapshot: SnapshotDate;
  snapshotAt: IsoDateTime | null;
  /** The workbook's recommendations recognised as known ones: their actions go to those. */
  recognition: Recognition;
};

type PlannedActionStream = PendingStream<ActionCommand, ActionEvent, ActionState>;

type PlannedAction = { id: string; planned: PlannedActionStream; isNew: boolean };

/**
 * One action: created, or brought to what the workbook says, its comments added and its status
 * set. A withdrawn action, or one a command on which the domain refuses, is left out of the batch
 * with a warning (null).
 */
function planAction(step: ActionStep, action: ImportedAction): PlannedAction | null {
  const id = actionIdOf(step.planId, action.key);
  const known = step.existing.actions.get(id);
  const planned = step.batch.open(actionStreamId(id), actionDecider, known, asOfSnapshot(step.snapshotAt, known));
  const isNew = planned.state === null;
  const comments = new ActionComments(step, planned, id, action);
  try {
    if (isNew) createAction(step, planned, id, action, comments);
    else if (planned.state!.withdrawn) {
      step.warnings.push(
        originWarning(
          action.origin,
          'ACTION_WITHDRAWN',
          `the action was withdrawn; what the workbook says of it was not imported`,
        ),
      );
      step.batch.drop(planned);
      return null;
    } else amendAction(step, planned, id, action, comments);
    if (step.snapshotAt !== null)
      for (const comment of comments.all)
        if (comment.effectiveDate !== null && startOfDay(step, comment.effectiveDate) > step.snapshotAt)
          step.warnings.push(
            originWarning(
              comment.origin,
              'COMMENT_AFTER_SNAPSHOT',
              `"${comment.text.slice(0, 40)}" is dated after the workbook's date (${step.snapshot.date}); it keeps its own date`,
            ),
          );
    applyStatus(
      planned,
      id,
      action,
      step.reason,
      importOrigin(action.origin),
      changeAt(planned, keptLater(step, action)),
    );
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    step.warnings.push(originWarning(action.origin, 'REFUSED', `not imported: ${error.message}`));
    step.batch.drop(planned);
    return null;
  }
  return { id, planned, isNew };
}

/** The action followed as it stood on the workbook's day, from its history when the store read it (loadHistoryBefore). */
function asOfSnapshot(
  snapshotAt: IsoDateTime | null,
  known: Existing<ActionState> | undefined,
): AsOf<ActionEvent> | null {
  if (snapshotAt === null) return null;
  const history = known?.history?.map((event) => ({
    event: event as unknown as ActionEvent,
    effectiveAt: event.effectiveAt,
  }));
  return { at: snapshotAt, ...(history ? { history } : {}) };
}

/** A new action, created at the earliest of its plan's start, its own start and its earliest dated comment, with its comments. */
function createAction(
  step: ActionStep,
  planned: PlannedActionStream,
  id: string,
  action: ImportedAction,
  comments: ActionComments,
): void {
  const datedComments = comments.all
    .filter((comment) => comment.effectiveDate !== null)
    .map((comment) => startOfDay(step, comment.effectiveDate!));
  const created = effectiveIn(
    step,
    earliest([
      step.planStart,
      ...(action.start?.kind === 'date' ? [startOfDay(step, action.start.date)] : []),
      ...datedComments,
    ]),
  );
  planned.decide(
    {
      type: 'CreateAction',
      data: {
        actionId: id,
        planId: step.planId,
        sourceId: sourceIdOf(action.sourceKey),
        recommendationId: action.recommendationKey
          ? recommendationIdIn(step.recognition, action.recommendationKey)
          : null,
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
    importOrigin(action.origin),
  );
  for (const comment of comments.all) comments.add(comment, comments.dayOf(comment));
  comments.addNote(step.planStart);
}

/** An action already known: its wording, owner and due date as the workbook now gives them, and the comments it adds. */
function amendAction(
  step: ActionStep,
  planned: PlannedActionStream,
  id: string,
  action: ImportedAction,
  comments: ActionComments,
): void {
  const state = planned.state!;
  const origin = importOrigin(action.origin);
  const changed = changeAt(planned, keptLater(step, action));
  const { reason } = step;
  const changes = amendments(action, changed.needs);
  if (Object.keys(changes).length > 0)
    planned.decide(
      { type: 'AmendAction', data: { actionId: id, reason, changes, ...changed.at } },
      changed.when,
      origin,
    );
  if (action.owner !== null && changed.needs('owner', (s) => action.owner !== s.owner))
    planned.decide(
      { type: 'ReassignAction', data: { actionId: id, reason, to: action.owner, ...changed.at } },
      changed.when,
      origin,
    );
  if (action.due !== null && changed.needs('due', (s) => !sameDateOrText(action.due, s.currentDue)))
    planned.decide(
      { type: 'ChangeDueDate', data: { actionId: id, reason, to: action.due, ...changed.at } },
      changed.when,
      origin,
    );
  for (const comment of comments.all) {
    const at = comments.dayOf(comment);
    if (!planned.state!.commentIds.includes(comment.id) && Date.parse(at) < Date.parse(state.createdEffectiveAt))
      step.warnings.push(
        originWarning(
          comment.origin,
          'COMMENT_BEFORE_ACTION',
          `"${comment.text.slice(0, 40)}" is dated before the action was created (${state.createdEffectiveAt.slice(0, 10)}); it takes effect then`,
        ),
      );
    comments.add(comment, at);
  }
  comments.addNote(step.snapshotAt ?? step.batch.now);
}

/** Says that a register's value from an older workbook was not applied over a later one the store holds. */
const keptLater = (step: ActionStep, action: ImportedAction) => (register: ActionRegister) =>
  step.warnings.push(
    originWarning(
      action.origin,
      'OLDER_WORKBOOK',
      `the workbook describes ${step.snapshot.date}, and the store holds later changes to this action; its ${register === 'lifecycle' ? 'status' : register} was not applied, as it would replace what took effect later`,
    ),
  );

/**
 * An action's comments from the workbook, each with its id (identical comments in one cell told
 * apart by their order), added once; and the note of an action carried forward, kept as a
 * comment unless one already says it. None takes effect before the action was created.
 */
class ActionComments {
  readonly all: (ImportedComment & { id: string })[];
  private readonly note: string | null;

  constructor(
    private readonly step: ActionStep,
    private readonly planned: PlannedActionStream,
    private readonly actionId: string,
    private readonly action: ImportedAction,
  ) {
    const seen = new Map<string, number>();
    this.all = action.comments.map((comment) => {
      const same = `${comment.effectiveDate ?? ''}\n${comment.text.trim()}`;
      const occurrence = (seen.get(same) ?? 0) + 1;
      seen.set(same, occurrence);
      return { ...comment, id: commentIdOf(actionId, comment.text, comment.effectiveDate, occurrence) };
    });
    const { carriedForward, carriedForwardNote } = action;
    this.note =
      carriedForward &&
      carriedForwardNote &&
      !action.comments.some((comment) => comment.text.includes(carriedForwardNote))
        ? carriedForwardNote
        : null;
  }

  /** A comment's day, or the workbook's for an undated one (it was there by then; when it was written the workbook does not say). */
  dayOf(comment: ImportedComment): IsoDateTime {
    return comment.effectiveDate
      ? startOfDay(this.step, comment.effectiveDate)
      : (this.step.snapshotAt ?? this.step.batch.now);
  }

  add(comment: ImportedComment & { id: string }, at: IsoDateTime): void {
    this.addText(comment.id, comment.text, at, importOrigin(comment.origin));
  }

  addNote(at: IsoDateTime): void {
    if (this.note)
      this.addText(
        commentIdOf(this.actionId, `carried forward: ${this.note}`, null),
        this.note,
        at,
        importOrigin(this.action.origin),
      );
  }

  private addText(commentId: string, text: string, at: IsoDateTime, origin: string): void {
    if (this.planned.state!.commentIds.includes(commentId)) return;
    const when = effectiveIn(this.step, latest(at, this.planned.state!.createdEffectiveAt));
    this.planned.decide(
      {
        type: 'AddComment',
        data: { actionId: this.actionId, commentId, text, ...(when ? { effectiveAt: when } : {}) },
      },
      when,
      origin,
    );
  }
}

/**
 * The status the workbook gives: blue (or "complete") completes the action, "kept in to retain
 * oversight" then retains it; any other status is set as it is. An empty status cell leaves the
 * status as it was: the plan not rating an action is not a change of its status.
 */
function applyStatus(
  planned: PlannedActionStream,
  actionId: string,
  action: ImportedAction,
  reason: string,
  origin: string,
  changed: ChangeAt,
): void {
  const decide = (command: ActionCommand) => planned.decide(command, changed.when, origin);
  if (action.completed) {
    if (changed.needs('lifecycle', (s) => !s.completed))
      decide({ type: 'CompleteAction', data: { actionId, reason, ...changed.at } });
    if (action.retainedForOversight && changed.needs('lifecycle', (s) => !s.retainedForOversight))
      decide({ type: 'RetainForOversight', data: { actionId, reason, ...changed.at } });
  } else if (action.status !== null && changed.needs('lifecycle', (s) => action.status !== s.status)) {
    decide({ type: 'ChangeRagStatus', data: { actionId, reason, to: action.status, ...changed.at } });
  }
}

/**
 * When an action's changes from this workbook take effect (`when`; null: at the import), and
 * whether a register needs the workbook's value (`needs`):
 * - on a date before the register's value took effect, the change fills in the past, measured
 *   against the state as it stood then, so importing the same snapshot twice adds nothing;
 * - otherwise it is measured against the state as it stands; but when the store holds changes to
 *   the action that took effect after the workbook's date (an older workbook imported after a
 *   newer one), a change that would replace the present value is not made (`onKeptLater` says so).
 */
type ChangeAt = {
  when: IsoDateTime | null;
  at: { effectiveAt?: IsoDateTime };
  needs: (register: ActionRegister, differs: (state: Action) => boolean) => boolean;
};

function changeAt(planned: PlannedActionStream, onKeptLater: (register: ActionRegister) => void): ChangeAt {
  const snapshotAt = planned.asOf?.at ?? null;
  // Nothing takes effect before the action existed.
  const when = snapshotAt === null ? null : latest(snapshotAt, planned.state!.createdEffectiveAt);
  const newerKnown =
    when !== null && Object.values(planned.state!.setAt ?? {}).some((at) => Date.parse(at) > Date.parse(when));
  return {
    when,
    at: when ? { effectiveAt: when } : {},
    needs: (register, differs) => {
      if (when !== null && Date.parse(when) < Date.parse(registerSetAt(planned.state!, register)))
        return differs(planned.stateAsOf!);
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
  if (needs('successMeasure', (s) => action.successMeasure !== s.successMeasure))
    changes.successMeasure = action.successMeasure;
  if (needs('experienceOfChildren', (s) => action.experienceOfChildren !== s.experienceOfChildren))
    changes.experienceOfChildren = action.experienceOfChildren;
  if (needs('theme', (s) => action.theme !== s.theme)) changes.theme = action.theme;
  if (needs('ref', (s) => action.ref !== s.ref)) changes.ref = action.ref;
  if (needs('dltLead', (s) => action.dltLead !== s.dltLead)) changes.dltLead = action.dltLead;
  if (needs('start', (s) => !sameDateOrText(action.start, s.start))) changes.start = action.start;
  return changes;
}

/** The summary's names for what an event changed. */
const EVENT_FIELDS: Partial<Record<ActionEvent['type'], string>> = {
  ActionReassigned: 'owner',
  DueDateChanged: 'due',
  CommentAdded: 'comments',
  RagStatusChanged: 'status',
  ActionCompleted: 'completed',
  RetainedForOversight: 'retained for oversight',
  ActionReopened: 'reopened',
};

/** A value as the preview shows it: a date or free text as written, nothing as ''. */
const shown = (value: unknown): string => {
  if (value === null || value === undefined) return '';
  if (typeof value !== 'object') return String(value as string);
  const dated = value as DateOrText;
  return dated.kind === 'date' ? dated.date : dated.text;
};

/** What one planned event changes, field by field, before and after (for the preview of an import). */
function fieldChanges(event: { type: string; data: unknown }): FieldChange[] {
  const data = event.data as { from?: unknown; to?: unknown; text?: string; changes?: AmendedChange[] };
  switch (event.type) {
    case 'ActionAmended':
      return (data.changes ?? []).map((change) => ({
        field: change.field,
        before: shown(change.from),
        after: shown(change.to),
      }));
    case 'ActionReassigned':
    case 'DueDateChanged':
    case 'RagStatusChanged':
      return [{ field: EVENT_FIELDS[event.type]!, before: shown(data.from), after: shown(data.to) }];
    case 'CommentAdded':
      return [{ field: 'comments', before: '', after: data.text ?? '' }];
    case 'ActionCompleted':
    case 'RetainedForOversight':
      return [{ field: EVENT_FIELDS[event.type]!, before: 'no', after: 'yes' }];
    case 'ActionReopened':
      return [{ field: 'completed', before: 'yes', after: 'no' }];
    default:
      return [{ field: EVENT_FIELDS[event.type as ActionEvent['type']] ?? event.type, before: '', after: '' }];
  }
}

/** What became of the actions, for the summary: new ones and their starting statuses, changed ones and their status changes, the unchanged. */
class ActionTally {
  private readonly newActions: NewActionLine[] = [];
  private readonly changed: ChangedActionLine[] = [];
  private readonly carriedForward: ImportSummary['actions']['carriedForward'] = [];
  private readonly statusChanges: ImportSummary['statuses']['changes'] = [];
  private readonly startingStatuses: ImportSummary['statuses']['new'] = {
    blue: 0,
    red: 0,
    amber: 0,
    green: 0,
    unrated: 0,
  };
  private unchanged = 0;

  add(action: ImportedAction, { id, planned, isNew }: PlannedAction): void {
    const line = { id, key: action.key, sheet: action.origin.sheet, row: action.origin.row, ref: action.ref };
    const final = planned.state!;
    const types = planned.events.map((event) => event.type as ActionEvent['type']);
    if (isNew) {
      this.startingStatuses[final.status ?? 'unrated'] += 1;
      this.newActions.push({
        ...line,
        description: action.description,
        owner: action.owner,
        due: action.due,
        status: final.status,
        completed: final.completed,
        retainedForOversight: final.retainedForOversight,
        comments: types.filter((type) => type === 'CommentAdded').length,
      });
    } else if (types.length === 0) this.unchanged += 1;
    else {
      const fields = planned.events.flatMap((event) =>
        event.type === 'ActionAmended'
          ? (event.data as { changes: { field: string }[] }).changes.map((change) => change.field)
          : [EVENT_FIELDS[event.type as ActionEvent['type']] ?? event.type],
      );
      this.changed.push({ ...line, fields: [...new Set(fields)], changes: planned.events.flatMap(fieldChanges) });
      for (const event of planned.events)
        if (event.type === 'RagStatusChanged') {
          const data = event.data as { from: RagStatus | null; to: RagStatus };
          this.statusChanges.push({ ...line, from: data.from, to: data.to });
        }
    }
    if (isNew && action.carriedForward)
      this.carriedForward.push({
        id,
        sheet: action.origin.sheet,
        row: action.origin.row,
        ref: action.ref,
        note: action.carriedForwardNote ?? '',
      });
  }

  summary(): Pick<ImportSummary, 'actions' | 'statuses'> {
    return {
      actions: {
        new: this.newActions,
        changed: this.changed,
        unchanged: this.unchanged,
        carriedForward: this.carriedForward,
      },
      statuses: { new: this.startingStatuses, changes: this.statusChanges },
    };
  }
}
