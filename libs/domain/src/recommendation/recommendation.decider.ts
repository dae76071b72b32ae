import type { Decider } from '../decider.js';
import { DomainError } from '../domain-error.js';
import { optionalText, requireOneOf, requireText, type DecideContext } from '../values.js';
import {
  RECOMMENDATION_LEVELS,
  type RecommendationEvent,
  type RecommendationRecorded,
} from './recommendation.events.js';

export type RecordRecommendation = { type: 'RecordRecommendation'; data: RecommendationRecorded['data'] };
export type RecommendationCommand = RecordRecommendation;

export type Recommendation = RecommendationRecorded['data'];
export type RecommendationState = Recommendation | null;
export const initialRecommendationState: RecommendationState = null;

/** That the source exists is the handler's check (another stream); here it must at least be named. */
export function decideRecommendation(
  command: RecommendationCommand,
  state: RecommendationState,
  _context: DecideContext,
): RecommendationEvent[] {
  switch (command.type) {
    case 'RecordRecommendation': {
      const { recommendationId, sourceId, reference, text, level } = command.data;
      if (state !== null) {
        throw new DomainError(
          'ALREADY_EXISTS',
          `recommendation ${recommendationId} is already recorded`,
          'recommendationId',
        );
      }
      return [
        {
          type: 'RecommendationRecorded',
          data: {
            recommendationId: requireText(recommendationId, 'recommendationId'),
            sourceId: requireText(sourceId, 'sourceId'),
            reference: optionalText(reference, 'reference'),
            text: requireText(text, 'text'),
            level: requireOneOf(level, RECOMMENDATION_LEVELS, 'level'),
          },
        },
      ];
    }
    default: {
      const _exhaustive: never = command.type; // a one-member union narrows its tag, not itself
      throw new DomainError('INVALID', 'unknown command');
    }
  }
}

export function evolveRecommendation(
  state: RecommendationState,
  event: RecommendationEvent,
  _effectiveAt: string,
): RecommendationState {
  switch (event.type) {
    case 'RecommendationRecorded':
      return { ...event.data };
    default: {
      const _exhaustive: never = event.type;
      return state; // an event type this version does not know changes nothing it knows
    }
  }
}

export const recommendationDecider: Decider<RecommendationCommand, RecommendationEvent, RecommendationState> = {
  decide: decideRecommendation,
  evolve: evolveRecommendation,
  initialState: initialRecommendationState,
};
