import { describe, expect, it } from '@jest/globals';
import { deciderSpec } from '../testing/decider-spec.js';
import { aRecommendationRecorded, aRecordRecommendationCommand } from '../testing/recommendation.builders.js';
import { recommendationDecider } from './recommendation.decider.js';
import { recommendationStreamId } from './recommendation.events.js';

const spec = deciderSpec(recommendationDecider);

describe('recommendation decider', () => {
  describe('RecordRecommendation', () => {
    it('given no recommendation, records it in its source’s words', () => {
      expect(spec.given([]).when(aRecordRecommendationCommand())).toEqual({ events: [aRecommendationRecorded()] });
    });

    it('records a child-level recommendation with no reference, blank meaning none', () => {
      const command = aRecordRecommendationCommand({ level: 'child', reference: '  ' });
      expect(spec.given([]).when(command)).toEqual({
        events: [aRecommendationRecorded({ level: 'child', reference: null })],
      });
    });

    it('refuses to record a recommendation twice', () => {
      expect(spec.given([aRecommendationRecorded()]).when(aRecordRecommendationCommand())).toMatchObject({
        error: { code: 'ALREADY_EXISTS' },
      });
    });

    it.each([
      ['recommendationId', { recommendationId: '' }, 'REQUIRED'],
      ['sourceId', { sourceId: '' }, 'REQUIRED'],
      ['text', { text: ' ' }, 'REQUIRED'],
      ['level', { level: 'team' as never }, 'INVALID'],
    ])('refuses a bad %s', (field, overrides, code) => {
      expect(spec.given([]).when(aRecordRecommendationCommand(overrides))).toMatchObject({ error: { code, field } });
    });
  });

  it('evolves to the recorded recommendation', () => {
    expect(recommendationDecider.evolve(null, aRecommendationRecorded(), '2024-04-01T09:00:00Z')).toEqual(
      aRecommendationRecorded().data,
    );
  });

  it('names its stream', () => {
    expect(recommendationStreamId('r-1')).toBe('recommendation-r-1');
  });
});
