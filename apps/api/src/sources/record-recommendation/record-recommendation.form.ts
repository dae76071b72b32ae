import type { QueryBus } from '@nestjs/cqrs';
import type { SourceAccountability } from '#read-store';
import { GetAccountabilityQuery } from '../get-accountability/get-accountability.query.js';
import { defineForm } from '../../web/forms/form-definition.js';
import { formController } from '../../web/forms/form.controller.js';
import { textOrAbsent, textOrNull } from '../../web/forms/form-values.js';
import { RecordRecommendationCommand } from './record-recommendation.command.js';
import { RecordRecommendationRequestDto } from './record-recommendation.request.dto.js';
import type { ChildDataReading } from '#read-store';

type Source = SourceAccountability['source'];

/** Every source, for a form that names one. */
export async function allSources(queryBus: QueryBus, reading: ChildDataReading | null): Promise<Source[]> {
  return (await queryBus.execute(new GetAccountabilityQuery(reading, undefined))).flatMap((group) =>
    group.sources.map((entry) => entry.source),
  );
}

export const recordRecommendationForm = defineForm<Source, RecordRecommendationRequestDto>({
  path: 'sources/:sourceId/forms/recommendation',
  template: 'sources/record-recommendation/record-recommendation.form.njk',
  title: 'Add a recommendation',
  submit: 'Add the recommendation',
  request: RecordRecommendationRequestDto,
  load: async (params, queryBus, reading) =>
    (await allSources(queryBus, reading)).find((source) => source.id === params.sourceId) ?? null,
  place: (source) => ({
    caption: source.title,
    back: '/sources',
    breadcrumbs: [{ text: 'Sources', href: '/sources' }, { text: 'Add a recommendation' }],
  }),
  initial: () => ({ level: 'service' }),
  toRequest: (values) => ({
    reference: textOrNull(values.reference),
    text: textOrAbsent(values.text),
    level: values.level || undefined,
  }),
  fields: {
    text: { name: 'text', message: 'Enter the recommendation in the source’s own words' },
    reference: { name: 'reference' },
    level: { name: 'level', message: 'Select whether it is about the service or about one child' },
  },
  command: (source, _revision, request, context) => new RecordRecommendationCommand(source.id, request, context),
  recorded: () => 'Recommendation added',
  after: (_source, result) => `/recommendations/${result.id}`,
});

export const RecordRecommendationFormController = formController(recordRecommendationForm);
