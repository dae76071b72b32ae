import { defineForm } from '../../web/forms/form-definition.js';
import { formController } from '../../web/forms/form.controller.js';
import { dayOf, textOrAbsent, textOrNull } from '../../web/forms/form-values.js';
import { OpenPlanCommand } from './open-plan.command.js';
import { OpenPlanRequestDto } from './open-plan.request.dto.js';

export const openPlanForm = defineForm<object, OpenPlanRequestDto>({
  path: 'plans/forms/new',
  template: 'plans/open-plan/open-plan.form.njk',
  title: 'Open a plan',
  submit: 'Open the plan',
  request: OpenPlanRequestDto,
  load: () => Promise.resolve({}),
  place: () => ({
    caption: 'Plans',
    back: '/plans',
    breadcrumbs: [{ text: 'Plans', href: '/plans' }, { text: 'Open a plan' }],
  }),
  initial: () => ({ reviewFrequency: 'Quarterly' }),
  toRequest: (values) => ({
    title: textOrAbsent(values.title),
    periodStart: dayOf(values, 'periodStart'),
    periodEnd: dayOf(values, 'periodEnd'),
    owner: textOrNull(values.owner),
    board: textOrNull(values.board),
    reviewFrequency: textOrNull(values.reviewFrequency),
  }),
  fields: {
    title: { name: 'title', message: 'Enter the plan’s title, as its cover names it' },
    periodStart: { name: 'periodStart', date: true, message: 'Enter the first day the plan covers as a real date' },
    periodEnd: {
      name: 'periodEnd',
      date: true,
      message: 'Enter the last day the plan covers as a real date, not before the first',
    },
    owner: { name: 'owner' },
    board: { name: 'board' },
    reviewFrequency: { name: 'reviewFrequency' },
  },
  command: (_subject, _revision, request, context) => new OpenPlanCommand(request, context),
  recorded: (request) => `Plan opened: ${request.title}`,
  after: (_subject, result) => `/plans/${result.id}`,
});

export const OpenPlanFormController = formController(openPlanForm);
