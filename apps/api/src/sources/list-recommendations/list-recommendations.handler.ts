import { Inject } from '@nestjs/common';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { ReadModels } from '#read-store';
import { ListRecommendationsQuery } from './list-recommendations.query.js';

@QueryHandler(ListRecommendationsQuery)
export class ListRecommendationsHandler implements IQueryHandler<ListRecommendationsQuery> {
  constructor(@Inject(ReadModels) private readonly readModels: ReadModels) {}

  execute() {
    return this.readModels.recommendationChoices();
  }
}
