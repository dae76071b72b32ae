import type { PlanSummary } from '#read-store';
import { actionForm } from '../action-form.js';
import { ListPlansQuery } from '../../plans/list-plans/list-plans.query.js';
import { textOrNull } from '../../web/forms/form-values.js';
import { CarryForwardActionCommand } from './carry-forward-action.command.js';
import { CarryForwardActionRequestDto } from './carry-forward-action.request.dto.js';

export const carryForwardActionForm = actionForm({
  slug: 'carry-forward',
  link: 'Carry forward into another plan',
  offered: (action) => !action.withdrawn,
  template: 'actions/carry-forward-action/carry-forward-action.form.njk',
  title: 'Carry forward into another plan',
  submit: 'Carry it forward',
  request: CarryForwardActionRequestDto,
  // The plans it has not been through: the API refuses the others.
  loadMore: async ({ details }, queryBus, reading) => {
    const through = new Set(details.plans.map((plan) => plan.id));
    return (await queryBus.execute(new ListPlansQuery(reading))).filter((plan) => !through.has(plan.id));
  },
  toRequest: (values) => ({ toPlanId: values.toPlanId || undefined, reason: textOrNull(values.reason) }),
  fields: {
    toPlanId: { name: 'toPlanId', message: 'Select the plan it moves into' },
    reason: { name: 'reason' },
  },
  command: (actionId, revision, request, context) =>
    new CarryForwardActionCommand(actionId, revision, request, context),
  recorded: (request, { more }) =>
    `Carried forward into ${(more as PlanSummary[]).find((plan) => plan.id === request.toPlanId)?.title ?? 'the plan'}`,
  view: ({ more }) => ({
    plans: (more as PlanSummary[]).map((plan) => ({ value: plan.id, text: plan.title })),
  }),
});
