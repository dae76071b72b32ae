import type { Decider } from '../decider.js';
import { DomainError } from '../domain-error.js';
import { requireIsoDate, requireOneOf, requireText, type DecideContext } from '../values.js';
import { SOURCE_KINDS, type SourceEvent, type SourceRegistered } from './source.events.js';

export type RegisterSource = { type: 'RegisterSource'; data: SourceRegistered['data'] };
export type SourceCommand = RegisterSource;

export type Source = SourceRegistered['data'];
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
    default: {
      const _exhaustive: never = command.type; // a one-member union narrows its tag, not itself
      throw new DomainError('INVALID', 'unknown command');
    }
  }
}

export function evolveSource(state: SourceState, event: SourceEvent, _effectiveAt: string): SourceState {
  switch (event.type) {
    case 'SourceRegistered':
      return { ...event.data };
    default: {
      const _exhaustive: never = event.type;
      return state; // an event type this version does not know changes nothing it knows
    }
  }
}

export const sourceDecider: Decider<SourceCommand, SourceEvent, SourceState> = {
  decide: decideSource,
  evolve: evolveSource,
  initialState: initialSourceState,
};
