import { describe, expect, it } from '@jest/globals';
import { deciderSpec } from '../testing/decider-spec.js';
import { aRegisterSourceCommand, aSourceRegistered } from '../testing/source.builders.js';
import { sourceDecider } from './source.decider.js';
import { sourceStreamId } from './source.events.js';

const spec = deciderSpec(sourceDecider);

describe('source decider', () => {
  describe('RegisterSource', () => {
    it('given no source, registers it', () => {
      expect(spec.given([]).when(aRegisterSourceCommand())).toEqual({ events: [aSourceRegistered()] });
    });

    it('accepts a source the papers give no date for', () => {
      const command = aRegisterSourceCommand({
        kind: 'staff-feedback',
        title: 'Feedback from Duty workers',
        date: null,
      });
      expect(spec.given([]).when(command)).toEqual({
        events: [aSourceRegistered({ kind: 'staff-feedback', title: 'Feedback from Duty workers', date: null })],
      });
    });

    it('refuses to register a source twice', () => {
      expect(spec.given([aSourceRegistered()]).when(aRegisterSourceCommand())).toMatchObject({
        error: { code: 'ALREADY_EXISTS' },
      });
    });

    it.each([
      ['sourceId', { sourceId: ' ' }, 'REQUIRED'],
      ['kind', { kind: 'gossip' as never }, 'INVALID'],
      ['title', { title: '' }, 'REQUIRED'],
      ['date', { date: '2020-02-30' }, 'INVALID'],
    ])('refuses a bad %s', (field, overrides, code) => {
      expect(spec.given([]).when(aRegisterSourceCommand(overrides))).toMatchObject({ error: { code, field } });
    });
  });

  describe('FileRecommendation', () => {
    const file = (text: string, recommendationId = 'rec-1') => ({
      type: 'FileRecommendation' as const,
      data: { sourceId: 'src-ilacs-2020', recommendationId, reference: 'Ofsted recommendation 1', text },
    });

    it('files a recommendation’s words on its source, and each new wording of it', () => {
      const first = spec.given([aSourceRegistered()]).when(file('Written plans')) as { events: never[] };
      expect(first.events).toEqual([{ type: 'RecommendationFiled', data: file('Written plans').data }]);
      const second = spec.given([aSourceRegistered(), ...first.events]).when(file('R1: plans')) as {
        events: never[];
      };
      expect(second.events).toHaveLength(1);
      const state = [aSourceRegistered(), ...first.events, ...second.events].reduce(
        (s, e) => sourceDecider.evolve(s, e, '2024-04-01T09:00:00Z'),
        sourceDecider.initialState,
      );
      expect(state?.recommendations).toEqual([
        { recommendationId: 'rec-1', reference: 'Ofsted recommendation 1', texts: ['Written plans', 'R1: plans'] },
      ]);
    });

    it('changes nothing for words already filed', () => {
      const first = spec.given([aSourceRegistered()]).when(file('Written plans')) as { events: never[] };
      expect(spec.given([aSourceRegistered(), ...first.events]).when(file('Written plans'))).toEqual({ events: [] });
    });

    it('refuses a source not registered', () => {
      expect(spec.given([]).when(file('Written plans'))).toMatchObject({ error: { code: 'NOT_FOUND' } });
    });
  });

  it('evolves to the registered source', () => {
    expect(sourceDecider.evolve(null, aSourceRegistered(), '2024-04-01T09:00:00Z')).toEqual(aSourceRegistered().data);
  });

  it('names its stream', () => {
    expect(sourceStreamId('src-1')).toBe('source-src-1');
  });
});
