import { Inject } from '@nestjs/common';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { todayOf, type Clock } from '#command-handling';
import { ReadModels } from '#read-store';
import { CLOCK } from '../../infrastructure/clock.token.js';
import { GetRecommendationHistoryQuery } from './get-recommendation-history.query.js';

@QueryHandler(GetRecommendationHistoryQuery)
export class GetRecommendationHistoryHandler implements IQueryHandler<GetRecommendationHistoryQuery> {
  constructor(
    @Inject(ReadModels) private readonly readModels: ReadModels,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  execute({ recommendationId, asItStood }: GetRecommendationHistoryQuery) {
    return this.readModels.recommendationHistory(recommendationId, todayOf(this.clock), asItStood);
  }
}
