import type { QueryBus } from '@nestjs/cqrs';
import type { CalendarDays } from '#domain';
import type { ActionMovement, ChangesBasis, ChildDataReading, PlanChangesReport, PlanStateView } from '#read-store';
import { actionLabel } from '../../web/action-label.js';
import { dateOrText, describeEvent } from '../../web/event-descriptions.js';
import type { PageDefinition } from '../../web/page.decorator.js';
import { GetPlanStateQuery } from '../get-plan-state/get-plan-state.query.js';
import { CHANGE_KIND_WORDS } from '#reporting';
import { readingOf } from '../../http/request-reading.js';

const DAY_MONTH = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', timeZone: 'UTC' });
const LONG = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });
const withTime = (moment: Date, calendar: CalendarDays) =>
  new Intl.DateTimeFormat('en-GB', {
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    timeZone: calendar.timeZone,
    timeZoneName: 'short',
  }).format(moment);
const STATUSES = ['blue', 'red', 'amber', 'green', null] as const;

/** How the report's plan stood at the start and at the end of the period (by what had been recorded), for the BRAG counts. */
interface StartAndEnd {
  start: PlanStateView | null;
  end: PlanStateView | null;
}

/** Midnight in the service's zone (TIME_ZONE): a bound that is a whole day there. */
const isMidnight = (moment: Date, calendar: CalendarDays) =>
  calendar.startOf(calendar.dayOf(moment)).getTime() === moment.getTime();
/** A day (YYYY-MM-DD) as a Date at its UTC midnight, for the day formatters above. */
const asUtcDay = (day: string) => new Date(`${day}T00:00:00Z`);
/** The last instant inside the period: its end is exclusive. */
const lastInstant = (until: string) => new Date(Date.parse(until) - 1);

/** The period in words, its last day included: "1 October to 31 December 2025". */
export function periodWords(since: Date, until: Date, calendar: CalendarDays): string {
  if (!isMidnight(since, calendar) || !isMidnight(until, calendar))
    return `${withTime(since, calendar)} to ${withTime(until, calendar)} (not included)`;
  const [firstDay, lastDay] = [calendar.dayOf(since), calendar.dayOf(until.getTime() - 1)];
  const first =
    firstDay.slice(0, 4) === lastDay.slice(0, 4)
      ? DAY_MONTH.format(asUtcDay(firstDay))
      : LONG.format(asUtcDay(firstDay));
  return `${first} to ${LONG.format(asUtcDay(lastDay))}`;
}

/** The moment of the end of the period: its last day when it ends at midnight, else the last instant. */
const endMoment = (until: string, calendar: CalendarDays): string =>
  isMidnight(new Date(until), calendar) ? calendar.dayOf(lastInstant(until)) : lastInstant(until).toISOString();

/** The moment parameter that looks back on the report's basis: what the system showed (asAt), or what was true (asOf). */
const momentParameter = (basis: ChangesBasis) => (basis === 'effective' ? 'asOf' : 'asAt');

const planThen = (
  planId: string,
  moment: Date,
  basis: ChangesBasis,
  queryBus: QueryBus,
  reading: ChildDataReading | null,
): Promise<PlanStateView | null> =>
  queryBus.execute(
    new GetPlanStateQuery(reading, planId, { asItStood: { [momentParameter(basis)]: moment }, page: 1, pageSize: 1 }),
  );

const statusCounts = (state: PlanStateView | null) =>
  state ? STATUSES.map((status) => ({ status, count: state.counts[status ?? 'unrated'] })) : null;

function movement(action: ActionMovement, atEnd: string) {
  return {
    ref: action.ref ?? '',
    description: action.description,
    href: `/actions/${action.actionId}${atEnd}`,
    isNew: action.isNew,
    status: action.status,
    statusChanged: action.status.before !== action.status.after,
    owner: {
      before: action.owner.before ?? 'Not given',
      after: action.owner.after ?? 'Not given',
      changed: action.owner.before !== action.owner.after,
    },
    due: {
      before: dateOrText(action.due.before),
      after: dateOrText(action.due.after),
      changed: JSON.stringify(action.due.before) !== JSON.stringify(action.due.after),
    },
    completed: action.completed.after && !action.completed.before,
    commentsAdded: action.commentsAdded,
    evidenceAttached: action.evidenceAttached,
  };
}

/** The committee's page of what changed in a plan over a period: the period asked for, the summary, each action moved, the events. */
export const getPlanChangesPage: PageDefinition<PlanChangesReport, StartAndEnd> = {
  template: 'plans/get-plan-changes/get-plan-changes.njk',
  load: async (report, request, queryBus) => {
    const reading = readingOf(request);
    const { plan, period } = report;
    return {
      start: await planThen(plan.id, new Date(Date.parse(period.since) - 1), period.basis, queryBus, reading),
      end: await planThen(plan.id, lastInstant(period.until), period.basis, queryBus, reading),
    };
  },
  view: (report, _request, { start, end }, calendar) => {
    const [since, until] = [new Date(report.period.since), new Date(report.period.until)];
    const atEnd = `?${momentParameter(report.period.basis)}=${encodeURIComponent(endMoment(report.period.until, calendar))}`;
    const moved = new Map(report.actions.map((action) => [action.actionId, action]));
    const plans = new Map([[report.plan.id, report.plan.title]]);
    return {
      pageTitle: `What changed: ${report.plan.title}`,
      plan: { ...report.plan, href: `/plans/${report.plan.id}` },
      period: {
        words: periodWords(since, until, calendar),
        basis: report.period.basis,
        since: isMidnight(since, calendar) ? calendar.dayOf(since) : '',
        until: isMidnight(until, calendar) ? calendar.dayOf(lastInstant(report.period.until)) : '',
      },
      summary: report.summary,
      byKind: Object.entries(report.summary.byType).map(([type, count]) => ({
        kind: CHANGE_KIND_WORDS[type] ?? type,
        count,
      })),
      statusCounts: { start: statusCounts(start), end: statusCounts(end) },
      actions: report.actions
        .map((action) => movement(action, atEnd))
        .sort((a, b) => a.ref.localeCompare(b.ref, 'en', { numeric: true })),
      changes: report.changes.map((entry) => ({
        effective: LONG.format(new Date(entry.effectiveAt)),
        effectiveAt: entry.effectiveAt,
        recorded: LONG.format(new Date(entry.recordedAt)),
        recordedAt: entry.recordedAt,
        action: entry.actionId
          ? actionLabel(moved.get(entry.actionId)?.ref, moved.get(entry.actionId)?.description ?? '')
          : 'The plan',
        actionHref: entry.actionId ? `/actions/${entry.actionId}${atEnd}` : null,
        ...describeEvent(entry, plans),
        by: `${entry.actor.name} (${entry.actor.role})`,
      })),
      breadcrumbs: [
        { text: 'Plans', href: '/plans' },
        { text: report.plan.title, href: `/plans/${report.plan.id}` },
        { text: 'What changed' },
      ],
    };
  },
};
