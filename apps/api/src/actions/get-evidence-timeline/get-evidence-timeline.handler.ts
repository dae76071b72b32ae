import { Inject } from '@nestjs/common';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { ChildDataReadModels } from '#read-store';
import { GetEvidenceTimelineQuery } from './get-evidence-timeline.query.js';

const FILTER = { action: 'actionId', recommendation: 'recommendationId', source: 'sourceId' } as const;

@QueryHandler(GetEvidenceTimelineQuery)
export class GetEvidenceTimelineHandler implements IQueryHandler<GetEvidenceTimelineQuery> {
  constructor(@Inject(ChildDataReadModels) private readonly readModels: ChildDataReadModels) {}

  async execute({ reading, of, id }: GetEvidenceTimelineQuery) {
    const readModels = this.readModels.as(reading);
    if (!(await readModels.isKnown(of, id))) return null;
    return readModels.evidenceTimeline({ [FILTER[of]]: id });
  }
}
