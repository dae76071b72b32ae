import { Inject } from '@nestjs/common';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { DataSource } from 'typeorm';
import { todayOf, type Clock } from '#command-handling';
import { recommendationHistory } from '#read-store';
import { CLOCK } from '../../infrastructure/clock.token.js';
import { GetRecommendationHistoryQuery } from './get-recommendation-history.query.js';

@QueryHandler(GetRecommendationHistoryQuery)
export class GetRecommendationHistoryHandler implements IQueryHandler<GetRecommendationHistoryQuery> {
  constructor(
    @Inject(DataSource) private readonly readDatabase: DataSource,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  execute({ recommendationId, asItStood }: GetRecommendationHistoryQuery) {
    return recommendationHistory(this.readDatabase, recommendationId, todayOf(this.clock), asItStood);
  }
}
