import { ReadQuery } from '../../shared/read-query.js';
import type { AsItStood, ChildDataReading, RecommendationHistory } from '#read-store';

export class GetRecommendationHistoryQuery extends ReadQuery<RecommendationHistory | null> {
  constructor(
    reading: ChildDataReading | null,
    readonly recommendationId: string,
    readonly asItStood?: AsItStood,
  ) {
    super(reading);
  }
}
