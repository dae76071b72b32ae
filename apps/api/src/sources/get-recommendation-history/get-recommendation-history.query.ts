import { Query } from '@nestjs/cqrs';
import type { RecommendationHistory } from '#read-store';

export class GetRecommendationHistoryQuery extends Query<RecommendationHistory | null> {
  constructor(readonly recommendationId: string) {
    super();
  }
}
