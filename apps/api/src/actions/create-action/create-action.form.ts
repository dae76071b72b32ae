import type { PlanSummary, RecommendationChoice, SourceAccountability } from '#read-store';
import { ListPlansQuery } from '../../plans/list-plans/list-plans.query.js';
import { ListRecommendationsQuery } from '../../sources/list-recommendations/list-recommendations.query.js';
import { allSources } from '../../sources/record-recommendation/record-recommendation.form.js';
import { defineForm } from '../../web/forms/form-definition.js';
import { formController } from '../../web/forms/form.controller.js';
import { textOrAbsent, textOrNull } from '../../web/forms/form-values.js';
import { dateOrTextRequest } from '../change-due-date/change-due-date.form.js';
import { CreateActionCommand } from './create-action.command.js';
import { CreateActionRequestDto } from './create-action.request.dto.js';

interface NewActionSubject {
  plan: PlanSummary;
  sources: SourceAccountability['source'][];
  recommendations: RecommendationChoice[];
}

const shortened = (text: string, length: number) => (text.length > length ? `${text.slice(0, length - 1)}…` : text);

/** What an action answers, as one choice: a source (`<sourceId>`) or one of its recommendations (`<sourceId>/<recommendationId>`). */
function answers({ sources, recommendations }: NewActionSubject) {
  return sources.flatMap((source) => [
    { value: source.id, text: `${source.title}: the source as a whole` },
    ...recommendations
      .filter((recommendation) => recommendation.sourceId === source.id)
      .map((recommendation) => ({
        value: `${source.id}/${recommendation.id}`,
        text: `${source.title}: ${recommendation.reference ? `${recommendation.reference}, ` : ''}${shortened(recommendation.text, 90)}`,
      })),
  ]);
}

/** A new action in a plan, answering a source or one of its recommendations. */
export const createActionForm = defineForm<NewActionSubject, CreateActionRequestDto>({
  path: 'plans/:planId/forms/action',
  template: 'actions/create-action/create-action.form.njk',
  title: 'Add an action',
  submit: 'Add the action',
  request: CreateActionRequestDto,
  load: async (params, queryBus, reading) => {
    const plan = (await queryBus.execute(new ListPlansQuery(reading))).find(
      (candidate) => candidate.id === params.planId,
    );
    if (!plan) return null;
    const [sources, recommendations] = await Promise.all([
      allSources(queryBus, reading),
      queryBus.execute(new ListRecommendationsQuery(reading)),
    ]);
    return { plan, sources, recommendations };
  },
  place: ({ plan }) => ({
    caption: plan.title,
    back: `/plans/${plan.id}`,
    breadcrumbs: [
      { text: 'Plans', href: '/plans' },
      { text: plan.title, href: `/plans/${plan.id}` },
      { text: 'Add an action' },
    ],
  }),
  initial: () => ({}),
  toRequest: (values, _today, { plan }) => ({
    planId: plan.id,
    sourceId: values.answers?.split('/')[0] || undefined,
    recommendationId: values.answers?.split('/')[1] ?? null,
    ref: textOrNull(values.ref),
    description: textOrAbsent(values.description),
    owner: textOrNull(values.owner),
    due: dateOrTextRequest(values, 'due') ?? null,
    successMeasure: textOrNull(values.successMeasure),
    experienceOfChildren: textOrNull(values.experienceOfChildren),
    theme: textOrNull(values.theme),
  }),
  fields: {
    sourceId: { name: 'answers', message: 'Select the source or recommendation the action answers' },
    recommendationId: { name: 'answers', message: 'Select the source or recommendation the action answers' },
    description: { name: 'description', message: 'Enter what the action does' },
    ref: { name: 'ref' },
    owner: { name: 'owner' },
    due: { name: 'due-kind', message: 'Select whether it is due by a date or as the plan words it' },
    'due.date': { name: 'due', date: true, message: 'Enter the due date as a real date, for example 31 5 2025' },
    'due.text': { name: 'due-text', message: "Enter the plan's words for when it is due" },
    successMeasure: { name: 'successMeasure' },
    experienceOfChildren: { name: 'experienceOfChildren' },
    theme: { name: 'theme' },
    planId: { name: 'answers' },
  },
  command: (_subject, _revision, request, context) => new CreateActionCommand(request, context),
  recorded: (request) =>
    `Action added: ${request.description.length > 80 ? `${request.description.slice(0, 79)}…` : request.description}`,
  after: (_subject, result) => `/actions/${result.id}`,
  view: (subject) => ({ answers: answers(subject) }),
});

export const CreateActionFormController = formController(createActionForm);
