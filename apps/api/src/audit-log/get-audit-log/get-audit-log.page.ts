import type { Request } from 'express';
import type { CalendarDays } from '#domain';
import type { ActionName, AuditEntry, PlanSummary } from '#read-store';
import { ListPlansQuery } from '../../plans/list-plans/list-plans.query.js';
import {
  dayWordsIn,
  describeEvent,
  EVENT_TYPE_WORDS,
  momentWordsIn,
  originWords,
} from '../../web/event-descriptions.js';
import { linkWith } from '../../web/links.js';
import type { PageDefinition } from '../../web/page.decorator.js';
import { GetActionNamesQuery } from './get-action-names.query.js';
import { readingOf } from '../../http/request-reading.js';

type AuditLogAnswer = { entries: AuditEntry[]; nextAfter: number | null };

/** What the page names beside the log: the plans (for the filter and the links) and the actions on this page. */
interface Names {
  plans: PlanSummary[];
  actions: ActionName[];
}

/** The filters as the address gives them (the API has already checked them), to show them in the form again. */
function filtersOf(query: Request['query']) {
  const text = (name: string): string => (typeof query[name] === 'string' ? (query[name] as string) : '');
  const types = ([] as unknown[])
    .concat(query.type ?? [])
    .flatMap((value) => (typeof value === 'string' ? value.split(',') : []))
    .map((type) => type.trim())
    .filter((type) => type !== '');
  return {
    actor: text('actor'),
    types,
    planId: text('planId'),
    actionId: text('actionId'),
    from: text('from'),
    to: text('to'),
    limit: text('limit'),
  };
}

const actionText = (name: ActionName | undefined): string => {
  if (!name) return 'The action';
  const description = name.description.length > 80 ? `${name.description.slice(0, 79)}…` : name.description;
  return name.ref ? `${name.ref}: ${description}` : description;
};

/**
 * Where to see what this entry left behind: the plan as the system showed it at the moment the
 * entry was recorded (asAt includes what was recorded at that moment, so the entry itself is in);
 * an entry of no plan, its action; a source or recommendation, nothing to look at.
 */
function justAfter(entry: AuditEntry): { href: string; noun: string } | null {
  const asAt = new URLSearchParams({ asAt: entry.recordedAt }).toString();
  if (entry.planId) return { href: `/plans/${entry.planId}?${asAt}`, noun: 'plan' };
  if (entry.actionId) return { href: `/actions/${entry.actionId}?${asAt}`, noun: 'action' };
  return null;
}

function row(entry: AuditEntry, plans: Map<string, string>, actions: Map<string, ActionName>, calendar: CalendarDays) {
  return {
    position: entry.position,
    recordedAt: entry.recordedAt,
    // To the second and in the service's zone, as the day filters are, so a row and the day it is filtered by agree.
    recorded: momentWordsIn(entry.recordedAt, calendar),
    // Only when it differs from the day recorded (days in the service's zone): a backdated change or an imported history.
    effective:
      calendar.dayOf(entry.effectiveAt) !== calendar.dayOf(entry.recordedAt)
        ? dayWordsIn(entry.effectiveAt, calendar)
        : null,
    who: `${entry.actor.name} (${entry.actor.role})`,
    what: describeEvent(entry, plans),
    action: entry.actionId
      ? { href: `/actions/${entry.actionId}`, text: actionText(actions.get(entry.actionId)) }
      : null,
    plan: entry.planId ? { href: `/plans/${entry.planId}`, text: plans.get(entry.planId) ?? 'The plan' } : null,
    reason: entry.reason,
    origin: originWords(entry.origin),
    justAfter: justAfter(entry),
  };
}

/**
 * The audit log as a person reads it. Oldest first, in the order the events were recorded: an
 * auditor reads a log as a ledger, from the start of the period under review, and that is the
 * order of the store's positions (so "after" pages it without gaps or repeats however much is
 * written meanwhile) and of the CSV download, so the page and the file agree row for row.
 */
export const auditLogPage: PageDefinition<AuditLogAnswer, Names> = {
  template: 'audit-log/get-audit-log/get-audit-log.njk',
  load: async (answer, request, queryBus) => {
    const reading = readingOf(request);
    const actionIds = [...new Set(answer.entries.flatMap((entry) => (entry.actionId ? [entry.actionId] : [])))];
    const [plans, actions] = await Promise.all([
      queryBus.execute(new ListPlansQuery(reading)),
      queryBus.execute(new GetActionNamesQuery(reading, actionIds)),
    ]);
    return { plans, actions };
  },
  view: ({ entries, nextAfter }, request, names, calendar) => {
    const filters = filtersOf(request.query);
    const plans = new Map(names.plans.map((plan) => [plan.id, plan.title]));
    const actions = new Map(names.actions.map((action) => [action.id, action]));
    const after = typeof request.query.after === 'string' ? request.query.after : '';
    return {
      pageTitle: 'Audit log',
      filters,
      eventTypes: Object.entries(EVENT_TYPE_WORDS).map(([value, text]) => ({
        value,
        text,
        checked: filters.types.includes(value),
      })),
      planItems: [
        { value: '', text: 'Any plan' },
        ...names.plans.map((plan) => ({ value: plan.id, text: plan.title })),
      ],
      rows: entries.map((entry) => row(entry, plans, actions, calendar)),
      shown: { count: entries.length, after, more: nextAfter !== null },
      clearFilters: request.path,
      csv: linkWith(request, { format: 'csv', after: undefined, limit: undefined }),
      pagination:
        after !== '' || nextAfter !== null
          ? {
              previous:
                after !== '' ? { href: linkWith(request, { after: undefined }), text: 'First page' } : undefined,
              next:
                nextAfter !== null
                  ? {
                      href: linkWith(request, { after: String(nextAfter) }),
                      text: 'Next page',
                      labelText: 'Later entries',
                    }
                  : undefined,
            }
          : null,
      breadcrumbs: [{ text: 'Plans', href: '/plans' }, { text: 'Audit log' }],
    };
  },
};
