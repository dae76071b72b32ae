import { Query } from '@nestjs/cqrs';
import type { RecommendationChoice } from '#read-store';

/** Every recommendation of every source: what a new action can answer. */
export class ListRecommendationsQuery extends Query<RecommendationChoice[]> {}
