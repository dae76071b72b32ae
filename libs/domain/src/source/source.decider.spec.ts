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

  it('evolves to the registered source', () => {
    expect(sourceDecider.evolve(null, aSourceRegistered(), '2024-04-01T09:00:00Z')).toEqual(aSourceRegistered().data);
  });

  it('names its stream', () => {
    expect(sourceStreamId('src-1')).toBe('source-src-1');
  });
});
