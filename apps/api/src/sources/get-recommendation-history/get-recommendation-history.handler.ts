import { Inject } from '@nestjs/common';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { DataSource } from 'typeorm';
import { recommendationHistory } from '#read-store';
import { today } from '../../shared/today.js';
import { GetRecommendationHistoryQuery } from './get-recommendation-history.query.js';

@QueryHandler(GetRecommendationHistoryQuery)
export class GetRecommendationHistoryHandler implements IQueryHandler<GetRecommendationHistoryQuery> {
  constructor(@Inject(DataSource) private readonly readDatabase: DataSource) {}

  execute({ recommendationId, asItStood }: GetRecommendationHistoryQuery) {
    return recommendationHistory(this.readDatabase, recommendationId, today(), asItStood);
  }
}
