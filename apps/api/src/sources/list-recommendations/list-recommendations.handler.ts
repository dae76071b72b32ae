import { Inject } from '@nestjs/common';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { ChildDataReadModels } from '#read-store';
import { ListRecommendationsQuery } from './list-recommendations.query.js';

@QueryHandler(ListRecommendationsQuery)
export class ListRecommendationsHandler implements IQueryHandler<ListRecommendationsQuery> {
  constructor(@Inject(ChildDataReadModels) private readonly readModels: ChildDataReadModels) {}

  execute({ reading }: ListRecommendationsQuery) {
    return this.readModels.as(reading).recommendationChoices();
  }
}
