import { Inject } from '@nestjs/common';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { DataSource } from 'typeorm';
import { evidenceTimeline, isKnown } from '#read-store';
import { GetEvidenceTimelineQuery } from './get-evidence-timeline.query.js';

const FILTER = { action: 'actionId', recommendation: 'recommendationId', source: 'sourceId' } as const;

@QueryHandler(GetEvidenceTimelineQuery)
export class GetEvidenceTimelineHandler implements IQueryHandler<GetEvidenceTimelineQuery> {
  constructor(@Inject(DataSource) private readonly readDatabase: DataSource) {}

  async execute({ of, id }: GetEvidenceTimelineQuery) {
    if (!(await isKnown(this.readDatabase, of, id))) return null;
    return evidenceTimeline(this.readDatabase, { [FILTER[of]]: id });
  }
}
