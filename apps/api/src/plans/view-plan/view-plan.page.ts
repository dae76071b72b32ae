import { SOURCE_KIND_GROUPS } from '#domain';
import type { PlanActionView, PlanStateView } from '#read-store';
import { linkWith } from '../../web/links.js';
import type { PageDefinition } from '../../web/page.decorator.js';
import { pastQuery } from '../../web/past-query.js';
import type { GetPlanStateRequestDto } from '../get-plan-state/get-plan-state.request.dto.js';

type Due = { kind: 'date'; date: string } | { kind: 'text'; text: string } | null;
/** Made once: a formatter is costly to build, and a page of 100 actions formats 200 dates. */
const SHORT_DATE = new Intl.DateTimeFormat('en-GB', {
  day: 'numeric',
  month: 'short',
  year: 'numeric',
  timeZone: 'UTC',
});
const dueText = (due: unknown): string => {
  const value = due as Due;
  if (!value) return 'Not given';
  return value.kind === 'date' ? SHORT_DATE.format(new Date(`${value.date}T00:00:00Z`)) : value.text;
};

function sections(actions: PlanActionView[], past: string) {
  const groups: { theme: string; actions: ReturnType<typeof actionRow>[] }[] = [];
  for (const action of actions) {
    const theme = action.theme ?? 'Actions not under a section';
    const group = groups.find((g) => g.theme === theme) ?? groups[groups.push({ theme, actions: [] }) - 1]!;
    group.actions.push(actionRow(action, past));
  }
  return groups;
}

const actionRow = (action: PlanActionView, past: string) => ({
  ...action,
  href: `/actions/${action.id}${past}`,
  originalDueText: dueText(action.originalDue),
  currentDueText: dueText(action.currentDue),
});

/** The plan page: its details, counts as tags, filters kept in the URL, actions grouped by section, pages. */
export const viewPlanPage: PageDefinition<PlanStateView & { request: GetPlanStateRequestDto }> = {
  template: 'plans/view-plan/view-plan.njk',
  view: (answer, request) => {
    const { plan, counts, actions, page, request: query } = answer;
    const pages = Math.max(1, Math.ceil(page.totalItems / page.size));
    const past = query.asOf ?? query.asAt ?? null;
    return {
      pageTitle: plan.title,
      plan,
      counts,
      sections: sections(actions, pastQuery(query)),
      filters: {
        status: query.status ?? '',
        owner: query.owner ?? '',
        sourceKind: query.sourceKind ?? '',
        overdue: query.overdue === true,
        retained: query.retained === true,
        sort: query.sort ?? 'ref',
        asOf: query.asOf ?? '',
        asAt: query.asAt ?? '',
      },
      past: past ? { asOf: query.asOf ?? null, asAt: query.asAt ?? null } : null,
      sourceGroups: SOURCE_KIND_GROUPS.map(({ name, label }) => ({ value: name, text: label })),
      clearFilters: linkWith(request, {
        status: undefined,
        owner: undefined,
        sourceKind: undefined,
        overdue: undefined,
        retained: undefined,
        page: undefined,
      }),
      pagination:
        pages > 1
          ? {
              previous: page.number > 1 ? { href: linkWith(request, { page: String(page.number - 1) }) } : undefined,
              next: page.number < pages ? { href: linkWith(request, { page: String(page.number + 1) }) } : undefined,
              items: Array.from({ length: pages }, (_, i) => ({
                number: i + 1,
                href: linkWith(request, { page: String(i + 1) }),
                current: i + 1 === page.number,
              })),
            }
          : null,
      shown: {
        from: page.totalItems === 0 ? 0 : (page.number - 1) * page.size + 1,
        to: Math.min(page.number * page.size, page.totalItems),
        of: page.totalItems,
      },
      breadcrumbs: [{ text: 'Plans', href: '/plans' }, { text: plan.title }],
    };
  },
};
