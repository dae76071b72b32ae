import type { PlanSummary } from '#read-store';
import type { PageDefinition } from '../../web/page.decorator.js';

const STATUSES = ['blue', 'red', 'amber', 'green', 'unrated'] as const;

/** The list of plans, as a table a person reads: one row a plan, its BRAG counts as tags with their words. */
export const listPlansPage: PageDefinition<PlanSummary[]> = {
  template: 'plans/list-plans/list-plans.njk',
  view: (plans) => ({
    pageTitle: 'Plans',
    plans: plans.map((plan) => ({
      ...plan,
      href: `/plans/${plan.id}`,
      statuses: STATUSES.map((status) => ({
        status: status === 'unrated' ? null : status,
        count: plan.counts[status],
      })).filter((entry) => entry.count > 0),
    })),
  }),
};
