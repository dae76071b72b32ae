import { Inject } from '@nestjs/common';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { ReadModels } from '#read-store';
import { GetEvidenceTimelineQuery } from './get-evidence-timeline.query.js';

const FILTER = { action: 'actionId', recommendation: 'recommendationId', source: 'sourceId' } as const;

@QueryHandler(GetEvidenceTimelineQuery)
export class GetEvidenceTimelineHandler implements IQueryHandler<GetEvidenceTimelineQuery> {
  constructor(@Inject(ReadModels) private readonly readModels: ReadModels) {}

  async execute({ of, id }: GetEvidenceTimelineQuery) {
    if (!(await this.readModels.isKnown(of, id))) return null;
    return this.readModels.evidenceTimeline({ [FILTER[of]]: id });
  }
}
