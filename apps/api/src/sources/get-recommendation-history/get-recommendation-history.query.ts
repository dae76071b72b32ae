import { Query } from '@nestjs/cqrs';
import type { AsItStood, RecommendationHistory } from '#read-store';

export class GetRecommendationHistoryQuery extends Query<RecommendationHistory | null> {
  constructor(
    readonly recommendationId: string,
    readonly asItStood?: AsItStood,
  ) {
    super();
  }
}
