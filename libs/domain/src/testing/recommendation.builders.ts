import type { RecordRecommendation } from '../recommendation/recommendation.decider.js';
import type { RecommendationRecorded } from '../recommendation/recommendation.events.js';

const recorded: RecommendationRecorded['data'] = {
  recommendationId: 'rec-ilacs-2020-1',
  sourceId: 'src-ilacs-2020',
  reference: 'Ofsted recommendation 1',
  text: 'Further improve the quality and consistency of written plans for children.',
  level: 'service',
};

export const aRecommendationRecorded = (
  overrides: Partial<RecommendationRecorded['data']> = {},
): RecommendationRecorded => ({
  type: 'RecommendationRecorded',
  data: { ...recorded, ...overrides },
});

export const aRecordRecommendationCommand = (
  overrides: Partial<RecordRecommendation['data']> = {},
): RecordRecommendation => ({
  type: 'RecordRecommendation',
  data: { ...recorded, ...overrides },
});
