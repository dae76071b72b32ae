import { sourceKindWords, type CalendarDays } from '#domain';
import type { QueryBus } from '@nestjs/cqrs';
import type { Request } from 'express';
import type { AuditEntry, PlanActionView, PlanSummary, RecommendationHistory } from '#read-store';
import { asItStood, type AsItStoodQueryDto } from '../../http/read-query.dto.js';
import { ListPlansQuery } from '../../plans/list-plans/list-plans.query.js';
import { actionLabel } from '../../web/action-label.js';
import { dateOrText, dayWordsIn, describeEvent } from '../../web/event-descriptions.js';
import type { PageDefinition } from '../../web/page.decorator.js';
import { pastQuery } from '../../web/past-query.js';
import { GetRecommendationHistoryQuery } from '../get-recommendation-history/get-recommendation-history.query.js';
import { readingOf } from '../../http/request-reading.js';

type HistoryAction = RecommendationHistory['actions'][number];

/** What the page shows beyond the history: the plans (titles, periods) and each carried action as it left its plan. */
interface Around {
  plans: PlanSummary[];
  /** An action as it stood just before it was carried out of a plan, by `leftKey`. */
  asItLeft: Map<string, PlanActionView>;
  /** The service's days (TIME_ZONE): the day a comment or change took effect is shown as. */
  calendar: CalendarDays;
}

const LONG = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });
const MONTH = new Intl.DateTimeFormat('en-GB', { month: 'long', year: 'numeric', timeZone: 'UTC' });
const leftKey = (actionId: string, planId: string) => `${actionId} ${planId}`;
/** The id of an action's row under a plan, so a carry-forward links to the same action's row under the other plan. */
const rowAnchor = (planId: string, actionId: string) => `plan-${planId}-action-${actionId}`;
const byRef = (a: { ref: string | null }, b: { ref: string | null }) =>
  (a.ref ?? '').localeCompare(b.ref ?? '', 'en', { numeric: true });

/** Each action carried out of a plan, as it stood the moment before (what it had come to in that plan). */
async function actionsAsTheyLeft(
  history: RecommendationHistory,
  request: Request,
  queryBus: QueryBus,
  calendar: CalendarDays,
): Promise<Map<string, PlanActionView>> {
  const when = asItStood(request.query as AsItStoodQueryDto, calendar);
  const reading = readingOf(request);
  const asItLeft = new Map<string, PlanActionView>();
  for (const action of history.actions) {
    for (const carry of action.events.filter((event) => event.type === 'ActionCarriedForward')) {
      const before: RecommendationHistory | null = await queryBus.execute(
        new GetRecommendationHistoryQuery(reading, history.recommendation.id, {
          ...when,
          asOf: new Date(Date.parse(carry.effectiveAt) - 1),
        }),
      );
      const state = before?.actions.find((candidate) => candidate.actionId === action.actionId)?.state;
      if (state) asItLeft.set(leftKey(action.actionId, (carry.data as { fromPlanId: string }).fromPlanId), state);
    }
  }
  return asItLeft;
}

/** One action's row under one plan: as it stands in the plan it is in, as it left any plan it was carried out of. */
function actionRow(action: HistoryAction, planId: string, around: Around, titles: Map<string, string>, past: string) {
  const at = action.planIds.indexOf(planId);
  const [previous, next] = [action.planIds[at - 1], action.planIds[at + 1]];
  const state = (next ? around.asItLeft.get(leftKey(action.actionId, planId)) : undefined) ?? action.state!;
  return {
    anchor: rowAnchor(planId, action.actionId),
    ref: state.ref,
    description: state.description,
    href: `/actions/${action.actionId}${past}`,
    owner: state.owner ?? 'Not given',
    status: state.status,
    dueMoved: state.dueMoved,
    originalDue: dateOrText(state.originalDue),
    currentDue: dateOrText(state.currentDue),
    overdue: state.overdue && !next,
    completed: state.completed,
    retained: state.retainedForOversight,
    withdrawn: state.withdrawn,
    lastComment: state.lastComment
      ? { date: dayWordsIn(state.lastComment.effectiveAt, around.calendar), text: state.lastComment.text }
      : null,
    carriedInto: next ? { title: titles.get(next) ?? next, href: `#${rowAnchor(next, action.actionId)}` } : null,
    carriedFrom: previous
      ? { title: titles.get(previous) ?? previous, href: `#${rowAnchor(previous, action.actionId)}` }
      : null,
  };
}

/** A section a plan, in period order, each with the actions on the recommendation that were ever in it. */
function planSections(history: RecommendationHistory, around: Around, titles: Map<string, string>, past: string) {
  const periodOrder = [...around.plans]
    .sort((a, b) => a.periodStart.localeCompare(b.periodStart))
    .map((plan) => plan.id);
  const rank = (planId: string) => (periodOrder.includes(planId) ? periodOrder.indexOf(planId) : periodOrder.length);
  const planIds = [...new Set(history.actions.flatMap((action) => action.planIds))].sort((a, b) => rank(a) - rank(b));
  return planIds.map((planId) => ({
    id: planId,
    title: titles.get(planId) ?? planId,
    href: `/plans/${planId}${past}`,
    actions: history.actions
      .filter((action) => action.state && action.planIds.includes(planId))
      .map((action) => actionRow(action, planId, around, titles, past))
      .sort(byRef),
  }));
}

/**
 * Everything that happened to the recommendation and its actions, in the order it took effect
 * (ties: as recorded): its restatements, links and unlinks among them.
 */
function whatHappened(
  history: RecommendationHistory,
  titles: Map<string, string>,
  past: string,
  calendar: CalendarDays,
) {
  const events: { action: HistoryAction | null; event: AuditEntry }[] = [
    ...history.events.map((event) => ({ action: null, event })),
    ...history.actions.flatMap((action) => action.events.map((event) => ({ action, event }))),
  ];
  events.sort((a, b) => a.event.effectiveAt.localeCompare(b.event.effectiveAt) || a.event.position - b.event.position);
  return events.map(({ action, event }) => ({
    effective: dayWordsIn(event.effectiveAt, calendar),
    effectiveAt: event.effectiveAt,
    action: action ? actionLabel(action.state?.ref, action.state?.description ?? '') : 'The recommendation itself',
    actionHref: action ? `/actions/${action.actionId}${past}` : null,
    ...describeEvent(event, titles),
    by: `${event.actor.name} (${event.actor.role})`,
    why: event.reason,
  }));
}

const clipped = (text: string, length = 90) => (text.length > length ? `${text.slice(0, length - 1)}…` : text);

/** The recommendations that are one with this one (as it stood), each linked to its own page. */
function linkedRecommendations(history: RecommendationHistory, past: string) {
  const survivor = history.linked.find((rec) => rec.id === history.linkedTo);
  return {
    joined: survivor ? { text: clipped(survivor.text), href: `/recommendations/${survivor.id}${past}` } : null,
    others: history.linked
      .filter((rec) => rec.id !== history.linkedTo)
      .map((rec) => ({ text: clipped(rec.text), reference: rec.reference, href: `/recommendations/${rec.id}${past}` })),
  };
}

/** The recommendation page: its words and source, every action on it plan by plan, and what happened to them. */
export const viewRecommendationPage: PageDefinition<RecommendationHistory, Around> = {
  template: 'sources/view-recommendation/view-recommendation.njk',
  load: async (history, request, queryBus, calendar) => ({
    plans: await queryBus.execute(new ListPlansQuery(readingOf(request))),
    asItLeft: await actionsAsTheyLeft(history, request, queryBus, calendar),
    calendar,
  }),
  view: (history, request, around) => {
    const query = request.query as AsItStoodQueryDto;
    const past = pastQuery(query);
    const titles = new Map(around.plans.map((plan) => [plan.id, plan.title]));
    const { recommendation, source } = history;
    // The events of a link name recommendations: by their words, on this page.
    const names = new Map([
      ...titles,
      ...[recommendation, ...history.linked].map((rec) => [rec.id, clipped(rec.text, 60)] as const),
    ]);
    return {
      pageTitle: `Recommendation: ${recommendation.text.length > 60 ? `${recommendation.text.slice(0, 59)}…` : recommendation.text}`,
      recommendation,
      source: source
        ? {
            title: source.title,
            kind: sourceKindWords(source.kind),
            date: source.date ? MONTH.format(new Date(`${source.date}T00:00:00Z`)) : 'Not given',
          }
        : null,
      sections: planSections(history, around, titles, past),
      events: whatHappened(history, names, past, around.calendar),
      links: linkedRecommendations(history, past),
      wordings: history.plans.map((plan) => ({
        title: plan.title,
        href: `/plans/${plan.id}${past}`,
        period: `${LONG.format(new Date(`${plan.periodStart}T00:00:00Z`))} to ${LONG.format(new Date(`${plan.periodEnd}T00:00:00Z`))}`,
        text: plan.wording.text,
        restated: plan.wording.restated,
      })),
      past: query.asOf || query.asAt ? { asOf: query.asOf ?? '', asAt: query.asAt ?? '' } : null,
      breadcrumbs: [
        { text: 'Plans', href: '/plans' },
        { text: recommendation.reference ? `Recommendation: ${recommendation.reference}` : 'Recommendation' },
      ],
    };
  },
};
