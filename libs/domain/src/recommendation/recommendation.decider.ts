import type { Decider } from '../decider.js';
import { DomainError } from '../domain-error.js';
import { REDACTABLE_FIELDS } from '../redaction/redaction.events.js';
import { optionalText, requireOneOf, requireReason, requireText, type DecideContext } from '../values.js';
import {
  RECOMMENDATION_LEVELS,
  type RecommendationEvent,
  type RecommendationRecorded,
  type RecommendationRestated,
} from './recommendation.events.js';

export type RecordRecommendation = { type: 'RecordRecommendation'; data: RecommendationRecorded['data'] };
/** A plan's own words for it; the same words from the same plan again change nothing. */
export type RestateRecommendation = { type: 'RestateRecommendation'; data: RecommendationRestated['data'] };
/** This recommendation joins `survivorId`. That the survivor exists and has joined none is the handler's check (another stream). */
export type LinkRecommendation = {
  type: 'LinkRecommendation';
  data: { recommendationId: string; survivorId: string };
};
export type UnlinkRecommendation = { type: 'UnlinkRecommendation'; data: { recommendationId: string } };
/**
 * Removes the recommendation's words (its text and every plan's restatement, all sealed under its
 * key). `replacement` is the caller's ("[removed on <date> by <who>: <reason>]"): the domain keeps no clock words.
 */
export type RedactRecommendationText = {
  type: 'RedactRecommendationText';
  data: { recommendationId: string; reason: string; replacement: string };
};
export type RecommendationCommand =
  RecordRecommendation | RestateRecommendation | LinkRecommendation | UnlinkRecommendation | RedactRecommendationText;

export type Recommendation = RecommendationRecorded['data'] & {
  /** Each plan's own words, when a plan restated it (absent until one does). */
  wordings?: { planId: string; reference: string | null; text: string }[];
  /** The recommendation this one has joined, while linked (absent or null: none). */
  linkedTo?: string | null;
  /** True once its words were removed (absent until they are): its text and wordings are the replacement. */
  redacted?: boolean;
};
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
    case 'RestateRecommendation': {
      const known = existing(state, command.data.recommendationId);
      const planId = requireText(command.data.planId, 'planId');
      const text = requireText(command.data.text, 'text');
      const last = known.wordings?.filter((wording) => wording.planId === planId).at(-1);
      if (last?.text === text) return [];
      return [
        {
          type: 'RecommendationRestated',
          data: {
            recommendationId: known.recommendationId,
            planId,
            reference: optionalText(command.data.reference, 'reference'),
            text,
          },
        },
      ];
    }
    case 'LinkRecommendation': {
      const known = existing(state, command.data.recommendationId);
      const survivorId = requireText(command.data.survivorId, 'survivorId');
      if (survivorId === known.recommendationId)
        throw new DomainError('INVALID', 'a recommendation cannot be linked to itself', 'survivorId');
      if (known.linkedTo)
        throw new DomainError(
          'ALREADY_LINKED',
          known.linkedTo === survivorId
            ? `recommendation ${known.recommendationId} is already linked to ${survivorId}`
            : `recommendation ${known.recommendationId} is linked to ${known.linkedTo}: unlink it first`,
          'survivorId',
        );
      return [{ type: 'RecommendationsLinked', data: { recommendationId: known.recommendationId, survivorId } }];
    }
    case 'UnlinkRecommendation': {
      const known = existing(state, command.data.recommendationId);
      if (!known.linkedTo)
        throw new DomainError(
          'NOT_LINKED',
          `recommendation ${known.recommendationId} is not linked to another: nothing to unlink`,
        );
      return [
        {
          type: 'RecommendationsUnlinked',
          data: { recommendationId: known.recommendationId, survivorId: known.linkedTo },
        },
      ];
    }
    case 'RedactRecommendationText': {
      const known = existing(state, command.data.recommendationId);
      requireReason(command.data.reason);
      if (known.redacted)
        throw new DomainError('ALREADY_EXISTS', "the recommendation's words were removed already", 'recommendationId');
      return [
        {
          type: 'Redacted',
          data: {
            kind: 'recommendation',
            id: known.recommendationId,
            fields: [...REDACTABLE_FIELDS.recommendation],
            replacement: requireText(command.data.replacement, 'replacement'),
          },
        },
      ];
    }
    default: {
      const _exhaustive: never = command;
      throw new DomainError('INVALID', 'unknown command');
    }
  }
}

/**
 * The other half of a link's rule, on the survivor's stream (the handler loads it): it must exist
 * and must not have joined another (link to the one it joined instead), so no link ever closes a
 * loop. One that others have joined may itself join another: readers follow the links to the end.
 */
export function requireLinkableSurvivor(survivorId: string, survivor: RecommendationState): void {
  if (survivor === null)
    throw new DomainError('INVALID', `survivorId names no recommendation: ${survivorId}`, 'survivorId');
  if (survivor.linkedTo)
    throw new DomainError(
      'ALREADY_LINKED',
      `recommendation ${survivorId} has itself joined ${survivor.linkedTo}: link to that one`,
      'survivorId',
    );
}

function existing(state: RecommendationState, recommendationId: string): Recommendation {
  if (state === null) throw new DomainError('NOT_FOUND', `No such recommendation: ${recommendationId}`);
  return state;
}

export function evolveRecommendation(
  state: RecommendationState,
  event: RecommendationEvent,
  _effectiveAt: string,
): RecommendationState {
  switch (event.type) {
    case 'RecommendationRecorded':
      return { ...event.data };
    case 'RecommendationRestated': {
      if (state === null) return state;
      const { planId, reference, text } = event.data;
      return { ...state, wordings: [...(state.wordings ?? []), { planId, reference, text }] };
    }
    case 'RecommendationsLinked':
      return state === null ? state : { ...state, linkedTo: event.data.survivorId };
    case 'RecommendationsUnlinked':
      return state === null ? state : { ...state, linkedTo: null };
    case 'Redacted': {
      if (state === null) return state;
      // The words are the replacement from now on, in every fold, as the store reads them once the key is gone.
      const { replacement } = event.data;
      return {
        ...state,
        text: replacement,
        ...(state.wordings && { wordings: state.wordings.map((wording) => ({ ...wording, text: replacement })) }),
        redacted: true,
      };
    }
    default: {
      const _exhaustive: never = event;
      return state; // an event type this version does not know changes nothing it knows
    }
  }
}

export const recommendationDecider: Decider<RecommendationCommand, RecommendationEvent, RecommendationState> = {
  decide: decideRecommendation,
  evolve: evolveRecommendation,
  initialState: initialRecommendationState,
};
