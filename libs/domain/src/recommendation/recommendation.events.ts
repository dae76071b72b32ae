/** Service-level findings are about the service; child-level ones are about one child (personal data). */
export const RECOMMENDATION_LEVELS = ['service', 'child'] as const;
export type RecommendationLevel = (typeof RECOMMENDATION_LEVELS)[number];

export type RecommendationRecorded = {
  type: 'RecommendationRecorded';
  data: {
    recommendationId: string;
    sourceId: string;
    /** How the source numbers it, e.g. "Ofsted recommendation 1"; null when it has none. */
    reference: string | null;
    /** The source's own words. */
    text: string;
    level: RecommendationLevel;
  };
};

export type RecommendationEvent = RecommendationRecorded;

export const recommendationStreamId = (recommendationId: string): string => `recommendation-${recommendationId}`;
