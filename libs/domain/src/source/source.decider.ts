import type { Decider } from '../decider.js';
import { DomainError } from '../domain-error.js';
import { optionalText, requireIsoDate, requireOneOf, requireText, type DecideContext } from '../values.js';
import { SOURCE_KINDS, type RecommendationFiled, type SourceEvent, type SourceRegistered } from './source.events.js';

export type RegisterSource = { type: 'RegisterSource'; data: SourceRegistered['data'] };
/** Files a recommendation's words on its source; the same words filed again change nothing. */
export type FileRecommendation = { type: 'FileRecommendation'; data: RecommendationFiled['data'] };
export type SourceCommand = RegisterSource | FileRecommendation;

/** A recommendation the source knows, with every wording filed for it, oldest first. */
export type FiledRecommendation = { recommendationId: string; reference: string | null; texts: string[] };

export type Source = SourceRegistered['data'] & {
  /** Absent on sources registered before recommendations were filed on them, until one is. */
  recommendations?: FiledRecommendation[];
};
export type SourceState = Source | null;
export const initialSourceState: SourceState = null;

export function decideSource(command: SourceCommand, state: SourceState, _context: DecideContext): SourceEvent[] {
  switch (command.type) {
    case 'RegisterSource': {
      const { sourceId, kind, title, date } = command.data;
      if (state !== null)
        throw new DomainError('ALREADY_EXISTS', `source ${sourceId} is already registered`, 'sourceId');
      return [
        {
          type: 'SourceRegistered',
          data: {
            sourceId: requireText(sourceId, 'sourceId'),
            kind: requireOneOf(kind, SOURCE_KINDS, 'kind'),
            title: requireText(title, 'title'),
            date: date === null ? null : requireIsoDate(date, 'date'),
          },
        },
      ];
    }
    case 'FileRecommendation': {
      if (state === null) throw new DomainError('NOT_FOUND', `No such source: ${command.data.sourceId}`);
      const recommendationId = requireText(command.data.recommendationId, 'recommendationId');
      const text = requireText(command.data.text, 'text');
      const known = state.recommendations?.find((filed) => filed.recommendationId === recommendationId);
      if (known?.texts.includes(text)) return [];
      return [
        {
          type: 'RecommendationFiled',
          data: {
            sourceId: state.sourceId,
            recommendationId,
            reference: optionalText(command.data.reference, 'reference'),
            text,
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

export function evolveSource(state: SourceState, event: SourceEvent, _effectiveAt: string): SourceState {
  switch (event.type) {
    case 'SourceRegistered':
      return { ...event.data };
    case 'RecommendationFiled': {
      if (state === null) return state;
      const { recommendationId, reference, text } = event.data;
      const filed = state.recommendations ?? [];
      const known = filed.find((rec) => rec.recommendationId === recommendationId);
      const recommendations = known
        ? filed.map((rec) =>
            rec === known ? { ...rec, reference: rec.reference ?? reference, texts: [...rec.texts, text] } : rec,
          )
        : [...filed, { recommendationId, reference, texts: [text] }];
      return { ...state, recommendations };
    }
    default: {
      const _exhaustive: never = event;
      return state; // an event type this version does not know changes nothing it knows
    }
  }
}

export const sourceDecider: Decider<SourceCommand, SourceEvent, SourceState> = {
  decide: decideSource,
  evolve: evolveSource,
  initialState: initialSourceState,
};
