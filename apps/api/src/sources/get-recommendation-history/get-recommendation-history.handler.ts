import { Inject } from '@nestjs/common';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { DataSource } from 'typeorm';
import { recommendationHistory } from '#read-store';
import { GetRecommendationHistoryQuery } from './get-recommendation-history.query.js';

@QueryHandler(GetRecommendationHistoryQuery)
export class GetRecommendationHistoryHandler implements IQueryHandler<GetRecommendationHistoryQuery> {
  constructor(@Inject(DataSource) private readonly readDatabase: DataSource) {}

  execute({ recommendationId }: GetRecommendationHistoryQuery) {
    return recommendationHistory(this.readDatabase, recommendationId);
  }
}
