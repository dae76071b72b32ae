import { ReadQuery } from '../../shared/read-query.js';
import type { RecommendationChoice } from '#read-store';

/** Every recommendation of every source: what a new action can answer. */
export class ListRecommendationsQuery extends ReadQuery<RecommendationChoice[]> {}
