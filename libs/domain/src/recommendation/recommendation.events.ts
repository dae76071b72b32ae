import type { Redacted } from '../redaction/redaction.events.js';

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

/**
 * A later plan gave the recommendation in other words: the plan's words are kept beside the
 * source's (one recommendation, many wordings), shown per plan in its history.
 */
export type RecommendationRestated = {
  type: 'RecommendationRestated';
  data: { recommendationId: string; planId: string; reference: string | null; text: string };
};

/**
 * Two recommendations are one: this one (the stream's) joins `survivorId`, whose identity the
 * pair keeps; histories, timelines and counts follow the link from when it took effect.
 */
export type RecommendationsLinked = {
  type: 'RecommendationsLinked';
  data: { recommendationId: string; survivorId: string };
};

/** The link is undone, as a new event: from now on they are two again. */
export type RecommendationsUnlinked = {
  type: 'RecommendationsUnlinked';
  data: { recommendationId: string; survivorId: string };
};

export type RecommendationEvent =
  RecommendationRecorded | RecommendationRestated | RecommendationsLinked | RecommendationsUnlinked | Redacted;

export const recommendationStreamId = (recommendationId: string): string => `recommendation-${recommendationId}`;
