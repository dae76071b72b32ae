import { groupOfSourceKind, sourceKindWords, type CalendarDays, type SourceKind } from '#domain';
import { EXPORT_COLUMNS, layOutPlan, type ActionCells } from '#importer';
import type {
  ActionMovement,
  PlanChangesReport,
  PlanCounts as StoredPlanCounts,
  PlanForExport,
  PlanHeader,
  PlanStateView,
} from '#read-store';
import {
  CHANGE_KIND_WORDS,
  dateOrTextWords,
  periodWords,
  plural,
  REPORT_STATUSES,
  type ReportStatus,
} from './report-words.js';

/**
 * The quarterly committee report's content: every figure and line the Word, PDF and web forms
 * show, computed once from the read models as they stood at the report's dates. The renderers
 * only lay it out, so the three forms cannot disagree; its SHA-256 (of this object as canonical
 * JSON, `sha256` left out) is what an auditor checks a copy against.
 */
export interface CommitteeReport {
  schema: 'oversight.committee-report/1';
  plan: PlanHeader;
  /** [since, until); firstDay and lastDay are the days it covers, both included. */
  period: { since: string; until: string; firstDay: string; lastDay: string; words: string };
  /** The moment the report was produced as at: nothing recorded after it is in any figure. */
  asAt: string;
  /** The event store position of the last event recorded by asAt that the read models hold. */
  position: number;
  /** The council's committee headings, from the plan's own fields or marked "[...]" for the officer to fill in. */
  front: { label: string; value: string; toFill: boolean }[];
  summary: string[];
  counts: {
    rows: { status: ReportStatus; start: number; end: number; change: number }[];
    start: PlanCounts;
    end: PlanCounts;
    /** Why most are amber, when most are: how many amber actions are not yet due. */
    amber: { total: number; notYetDue: number; dueInWords: number; overdue: number; isLargest: boolean };
  };
  achievements: Achievement[];
  stuck: StuckAction[];
  changes: {
    summary: PlanChangesReport['summary'];
    byKind: { kind: string; count: number }[];
    rows: ChangeRow[];
  };
  accountability: { kind: string; kindWords: string; group: string; sources: SourceLine[] }[];
  retainedOfsted: { source: string; recommendation: string; actions: string[] }[];
  appendix: { columns: string[]; rows: AppendixRow[] };
  sha256?: string;
}

/** The plan's counts as the list of plans gives them (withdrawn actions are not in a committee's figures). */
export type PlanCounts = Omit<StoredPlanCounts, 'withdrawn'>;

export interface Achievement {
  ref: string;
  description: string;
  owner: string;
  /** The day it was completed, when the period's events say. */
  completedOn: string | null;
  /** The comment that evidences it: the latest in the period, else the latest before its end. */
  evidence: { text: string; day: string } | null;
  evidenceAttached: number;
}

export interface StuckAction {
  ref: string;
  description: string;
  owner: string;
  status: string | null;
  overdue: boolean;
  originalDue: string;
  currentDue: string;
  dateMoves: number;
  latestComment: { text: string; day: string } | null;
}

export interface ChangeRow {
  ref: string;
  description: string;
  isNew: boolean;
  status: { before: string | null; after: string | null };
  owner: { before: string; after: string } | null;
  due: { before: string; after: string } | null;
  completed: boolean;
  commentsAdded: number;
  evidenceAttached: number;
}

export interface SourceLine {
  title: string;
  date: string | null;
  recommendations: number;
  actions: number;
  complete: number;
  stuck: number;
  overdue: number;
}

export type AppendixRow = { kind: 'heading'; text: string } | { kind: 'action'; cells: string[] };

/** What the report is computed from: the read models' answers at the report's dates. */
export interface ReportInputs {
  since: Date;
  until: Date;
  asAt: Date;
  position: number;
  /** The plan as it stood just before the period began, and at its last instant. */
  start: PlanStateView;
  end: PlanStateView;
  changes: PlanChangesReport;
  /** The plan with every field and comment, as it stood at the period's last instant. */
  plan: PlanForExport;
  dateMoves: Map<string, number>;
  /** The service's days (TIME_ZONE): the period's first and last days, and the day of each comment and completion. */
  calendar: CalendarDays;
}

const byRef = <T extends { ref: string; description: string }>(a: T, b: T) =>
  a.ref.localeCompare(b.ref, 'en', { numeric: true }) || a.description.localeCompare(b.description);
const countsOf = (view: PlanStateView): PlanCounts => {
  const { total, blue, red, amber, green, unrated, overdue, retainedForOversight } = view.counts;
  return { total, blue, red, amber, green, unrated, overdue, retainedForOversight };
};

/** The report's content from the read models' answers. Pure: the same inputs give the same report. */
export function shapeCommitteeReport(inputs: ReportInputs): CommitteeReport {
  const { start, end, changes, plan } = inputs;
  const dayOf = (instant: Date | string) => inputs.calendar.dayOf(instant);
  const firstDay = dayOf(inputs.since);
  const lastDay = dayOf(new Date(inputs.until.getTime() - 1));
  const words = periodWords(firstDay, lastDay);
  const endCounts = countsOf(end);
  const startCounts = countsOf(start);
  const exported = new Map(plan.actions.map((action) => [action.id, action]));
  const live = end.actions.filter((action) => !action.withdrawn);

  const amberActions = live.filter((action) => action.status === 'amber');
  const dueDay = (due: unknown) =>
    (due as { kind?: string; date?: string } | null)?.kind === 'date' ? (due as { date: string }).date : null;
  const amber = {
    total: amberActions.length,
    notYetDue: amberActions.filter((action) => (dueDay(action.currentDue) ?? '') >= lastDay).length,
    dueInWords: amberActions.filter((action) => action.currentDue !== null && dueDay(action.currentDue) === null)
      .length,
    overdue: amberActions.filter((action) => action.overdue).length,
    isLargest:
      endCounts.amber > 0 &&
      REPORT_STATUSES.every((status) => status === 'amber' || endCounts[status] < endCounts.amber),
  };

  const completedOn = (actionId: string): string | null => {
    const entry = [...changes.changes]
      .reverse()
      .find(
        (change) =>
          change.actionId === actionId &&
          (change.type === 'ActionCompleted' ||
            (change.type === 'RagStatusChanged' && (change.data as { to?: string }).to === 'blue')),
      );
    return entry ? dayOf(entry.effectiveAt) : null;
  };
  const evidenceOf = (actionId: string) => {
    const comments = [...(exported.get(actionId)?.comments ?? [])]
      .filter((comment) => comment.effectiveAt < inputs.until.toISOString())
      .sort((a, b) => a.effectiveAt.localeCompare(b.effectiveAt) || a.id.localeCompare(b.id));
    const inPeriod = comments.filter((comment) => comment.effectiveAt >= inputs.since.toISOString());
    const chosen = inPeriod.at(-1) ?? comments.at(-1);
    return chosen ? { text: chosen.text, day: dayOf(chosen.effectiveAt) } : null;
  };
  const endById = new Map(end.actions.map((action) => [action.id, action]));
  const achievements: Achievement[] = changes.actions
    .filter((action) => action.completed.after && !action.completed.before)
    .map((action) => ({
      ref: action.ref ?? '',
      description: action.description,
      owner: action.owner.after ?? 'Not given',
      completedOn: completedOn(action.actionId),
      evidence: evidenceOf(action.actionId),
      evidenceAttached: endById.get(action.actionId)?.evidenceCount ?? 0,
    }))
    .sort(byRef);

  const stuck: StuckAction[] = live
    .filter((action) => action.status === 'red' || action.overdue)
    .map((action) => ({
      ref: action.ref ?? '',
      description: action.description,
      owner: action.owner ?? 'Not given',
      status: action.status,
      overdue: action.overdue,
      originalDue: dateOrTextWords(action.originalDue),
      currentDue: dateOrTextWords(action.currentDue),
      dateMoves: inputs.dateMoves.get(action.id) ?? 0,
      latestComment: action.lastComment
        ? { text: action.lastComment.text, day: dayOf(action.lastComment.effectiveAt) }
        : null,
    }))
    .sort(byRef);

  const rows = REPORT_STATUSES.map((status) => ({
    status,
    start: startCounts[status],
    end: endCounts[status],
    change: endCounts[status] - startCounts[status],
  }));

  return {
    schema: 'oversight.committee-report/1',
    plan: { ...end.plan },
    period: { since: inputs.since.toISOString(), until: inputs.until.toISOString(), firstDay, lastDay, words },
    asAt: inputs.asAt.toISOString(),
    position: inputs.position,
    front: frontMatter(end.plan, words),
    summary: summaryOf(end.plan.title, words, endCounts, changes, amber, achievements.length, stuck.length),
    counts: { rows, start: startCounts, end: endCounts, amber },
    achievements,
    stuck,
    changes: {
      summary: changes.summary,
      byKind: Object.entries(changes.summary.byType)
        .map(([type, count]) => ({ kind: CHANGE_KIND_WORDS[type] ?? type, count }))
        .sort((a, b) => a.kind.localeCompare(b.kind)),
      rows: changes.actions.map(changeRow).sort(byRef),
    },
    accountability: accountabilityOf(plan, endById),
    retainedOfsted: retainedOfstedOf(plan),
    appendix: appendixOf(plan, lastDay, inputs.calendar),
  };
}

function frontMatter(plan: PlanStateView['plan'], words: string): CommitteeReport['front'] {
  const given = (label: string, value: string | null, placeholder: string) =>
    value ? { label, value, toFill: false } : { label, value: placeholder, toFill: true };
  return [
    given('Committee', plan.board, '[Committee name]'),
    { label: 'Dated', value: '[Date of meeting]', toFill: true },
    { label: 'Subject', value: `${plan.title}: progress, ${words}`, toFill: false },
    { label: 'Public', value: 'Public', toFill: false },
    given('Report of', plan.owner, '[Name, title of the chief officer]'),
    { label: 'Report author', value: '[Name, title of the author]', toFill: true },
    { label: 'For information', value: 'For information', toFill: false },
  ];
}

function summaryOf(
  title: string,
  words: string,
  counts: PlanCounts,
  changes: PlanChangesReport,
  amber: CommitteeReport['counts']['amber'],
  completed: number,
  stuck: number,
): string[] {
  const lines = [
    `This report updates the committee on the ${title} for the period ${words}.`,
    `At the end of the period the plan held ${counts.total} actions: ${counts.blue} blue (fully completed), ${counts.red} red (fully stuck), ${counts.amber} amber (more work needed or resolvable issue in sight), ${counts.green} green (in progress, no barriers to continuing) and ${counts.unrated} not yet rated; ${counts.overdue} were past their due date, and ${plural(counts.retainedForOversight, 'completed action is', 'completed actions are')} kept in the plan to retain oversight.`,
  ];
  if (amber.isLargest)
    lines.push(
      `Most actions are amber (${amber.total}): ${amber.notYetDue} of them have a planned completion date not yet reached, ${amber.dueInWords} are due at times given in words, and ${amber.overdue} are past their date.`,
    );
  lines.push(
    changes.summary.events === 0
      ? 'Nothing on the plan moved in the period: no action was added, completed, re-rated, reassigned or commented on.'
      : `In the period ${plural(changes.summary.actionsMoved, 'action')} moved: ${completed} completed, ${changes.summary.statusChanges} changed status, ${changes.summary.newActions} added or carried in, and ${plural(changes.summary.commentsAdded, 'progress comment')} recorded. ${plural(stuck, 'action is', 'actions are')} stuck (red) or overdue.`,
  );
  return lines;
}

function changeRow(action: ActionMovement): ChangeRow {
  const ownerMoved = action.owner.before !== action.owner.after;
  const dueMoved = JSON.stringify(action.due.before) !== JSON.stringify(action.due.after);
  return {
    ref: action.ref ?? '',
    description: action.description,
    isNew: action.isNew,
    status: action.status,
    owner:
      ownerMoved && !action.isNew
        ? { before: action.owner.before ?? 'Not given', after: action.owner.after ?? 'Not given' }
        : null,
    due:
      dueMoved && !action.isNew
        ? { before: dateOrTextWords(action.due.before), after: dateOrTextWords(action.due.after) }
        : null,
    completed: action.completed.after && !action.completed.before,
    commentsAdded: action.commentsAdded,
    evidenceAttached: action.evidenceAttached,
  };
}

function accountabilityOf(
  plan: PlanForExport,
  endById: Map<string, PlanStateView['actions'][number]>,
): CommitteeReport['accountability'] {
  const bySource = new Map<string, { kind: SourceKind; line: SourceLine; recommendations: Set<string> }>();
  for (const action of plan.actions) {
    const entry = bySource.get(action.source.id) ?? {
      kind: action.source.kind,
      line: {
        title: action.source.title,
        date: action.source.date,
        recommendations: 0,
        actions: 0,
        complete: 0,
        stuck: 0,
        overdue: 0,
      },
      recommendations: new Set<string>(),
    };
    entry.line.actions += 1;
    if (action.completed) entry.line.complete += 1;
    if (action.status === 'red') entry.line.stuck += 1;
    if (endById.get(action.id)?.overdue) entry.line.overdue += 1;
    if (action.recommendation) entry.recommendations.add(action.recommendation.id);
    entry.line.recommendations = entry.recommendations.size;
    bySource.set(action.source.id, entry);
  }
  const byKind = new Map<SourceKind, SourceLine[]>();
  for (const { kind, line } of bySource.values()) byKind.set(kind, [...(byKind.get(kind) ?? []), line]);
  return [...byKind]
    .map(([kind, sources]) => ({
      kind,
      kindWords: sourceKindWords(kind),
      group: groupOfSourceKind(kind).label,
      sources: sources.sort(
        (a, b) => (a.date ?? '9999').localeCompare(b.date ?? '9999') || a.title.localeCompare(b.title),
      ),
    }))
    .sort((a, b) => a.kind.localeCompare(b.kind));
}

function retainedOfstedOf(plan: PlanForExport): CommitteeReport['retainedOfsted'] {
  const byRecommendation = new Map<string, CommitteeReport['retainedOfsted'][number]>();
  for (const action of plan.actions) {
    if (!action.retainedForOversight || !action.source.kind.startsWith('ofsted')) continue;
    const key = action.recommendation?.id ?? `source:${action.source.id}`;
    const entry = byRecommendation.get(key) ?? {
      source: action.source.title,
      recommendation: action.recommendation?.text ?? action.description,
      actions: [],
    };
    entry.actions.push(action.ref ? `${action.ref} ${action.description}` : action.description);
    byRecommendation.set(key, entry);
  }
  return [...byRecommendation.values()].sort(
    (a, b) => a.source.localeCompare(b.source) || a.recommendation.localeCompare(b.recommendation),
  );
}

/** The plan in the council's column layout (the export's), without the workbook's title rows. */
function appendixOf(plan: PlanForExport, lastDay: string, calendar: CalendarDays): CommitteeReport['appendix'] {
  const cell = (value: ActionCells[keyof ActionCells]): string => {
    if (value === null) return '';
    if (typeof value === 'string') return value;
    if ('status' in value) return value.text;
    return dateOrTextWords(value);
  };
  const rows: AppendixRow[] = [];
  for (const row of layOutPlan(plan, { asAt: lastDay, calendar }).rows) {
    if (row.kind === 'heading') rows.push({ kind: 'heading', text: row.text });
    if (row.kind === 'action')
      rows.push({ kind: 'action', cells: EXPORT_COLUMNS.map((column) => cell(row.cells[column.field])) });
  }
  return { columns: EXPORT_COLUMNS.map((column) => column.header), rows };
}
