import { describe, expect, it } from '@jest/globals';
import { deciderSpec } from '../testing/decider-spec.js';
import { aRecommendationRecorded, aRecordRecommendationCommand } from '../testing/recommendation.builders.js';
import { recommendationDecider, requireLinkableSurvivor } from './recommendation.decider.js';
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

  describe('RestateRecommendation', () => {
    const restate = (text: string, planId = 'plan-2019') => ({
      type: 'RestateRecommendation' as const,
      data: { recommendationId: 'rec-ilacs-2020-1', planId, reference: null, text },
    });

    it('keeps a later plan’s own words beside the source’s', () => {
      expect(spec.given([aRecommendationRecorded()]).when(restate('R1: written plans of good quality'))).toEqual({
        events: [
          {
            type: 'RecommendationRestated',
            data: {
              recommendationId: 'rec-ilacs-2020-1',
              planId: 'plan-2019',
              reference: null,
              text: 'R1: written plans of good quality',
            },
          },
        ],
      });
    });

    it('changes nothing when the plan gives the same words again', () => {
      const restated = spec.given([aRecommendationRecorded()]).when(restate('R1: plans')) as { events: never[] };
      expect(spec.given([aRecommendationRecorded(), ...restated.events]).when(restate('R1: plans'))).toEqual({
        events: [],
      });
    });

    it('refuses a recommendation never recorded', () => {
      expect(spec.given([]).when(restate('R1'))).toMatchObject({ error: { code: 'NOT_FOUND' } });
    });
  });

  describe('LinkRecommendation and UnlinkRecommendation', () => {
    const link = (survivorId = 'rec-other') => ({
      type: 'LinkRecommendation' as const,
      data: { recommendationId: 'rec-ilacs-2020-1', survivorId },
    });
    const unlink = { type: 'UnlinkRecommendation' as const, data: { recommendationId: 'rec-ilacs-2020-1' } };
    const linked = {
      type: 'RecommendationsLinked' as const,
      data: { recommendationId: 'rec-ilacs-2020-1', survivorId: 'rec-other' },
    };
    const unlinked = {
      type: 'RecommendationsUnlinked' as const,
      data: { recommendationId: 'rec-ilacs-2020-1', survivorId: 'rec-other' },
    };

    it('records that this one joins the survivor', () => {
      expect(spec.given([aRecommendationRecorded()]).when(link())).toEqual({ events: [linked] });
    });

    it('refuses to link a recommendation to itself', () => {
      expect(spec.given([aRecommendationRecorded()]).when(link('rec-ilacs-2020-1'))).toMatchObject({
        error: { code: 'INVALID', field: 'survivorId' },
      });
    });

    it('refuses to link twice, to the same or to another', () => {
      expect(spec.given([aRecommendationRecorded(), linked]).when(link())).toMatchObject({
        error: { code: 'ALREADY_LINKED' },
      });
      expect(spec.given([aRecommendationRecorded(), linked]).when(link('rec-third'))).toMatchObject({
        error: { code: 'ALREADY_LINKED' },
      });
    });

    it('unlinks what it linked, as a new event, and may link again after', () => {
      expect(spec.given([aRecommendationRecorded(), linked]).when(unlink)).toEqual({ events: [unlinked] });
      expect(spec.given([aRecommendationRecorded(), linked, unlinked]).when(link())).toEqual({ events: [linked] });
    });

    it('refuses to unlink what is not linked', () => {
      expect(spec.given([aRecommendationRecorded()]).when(unlink)).toMatchObject({ error: { code: 'NOT_LINKED' } });
      expect(spec.given([aRecommendationRecorded(), linked, unlinked]).when(unlink)).toMatchObject({
        error: { code: 'NOT_LINKED' },
      });
    });

    it('refuses a survivor that does not exist or has itself joined another', () => {
      expect(() => requireLinkableSurvivor('rec-x', null)).toThrow(expect.objectContaining({ field: 'survivorId' }));
      expect(() =>
        requireLinkableSurvivor('rec-other', { ...aRecommendationRecorded().data, linkedTo: 'rec-third' }),
      ).toThrow(expect.objectContaining({ code: 'ALREADY_LINKED' }));
      expect(() => requireLinkableSurvivor('rec-other', aRecommendationRecorded().data)).not.toThrow();
    });
  });

  describe('RedactRecommendationText', () => {
    const marker = '[removed on 4 December 2026 by Ada Admin: personal data entered in error]';
    const redact = (overrides: Partial<{ reason: string; replacement: string; recommendationId: string }> = {}) => ({
      type: 'RedactRecommendationText' as const,
      data: {
        recommendationId: 'rec-ilacs-2020-1',
        reason: 'personal data entered in error',
        replacement: marker,
        ...overrides,
      },
    });
    const restated = {
      type: 'RecommendationRestated' as const,
      data: { recommendationId: 'rec-ilacs-2020-1', planId: 'plan-2019', reference: null, text: 'Child J: review' },
    };

    it('records Redacted of the recommendation’s text, which every fold then reads as the replacement', () => {
      const given = [aRecommendationRecorded(), restated];
      const result = spec.given(given).when(redact()) as { events: never[] };
      expect(result).toEqual({
        events: [
          {
            type: 'Redacted',
            data: { kind: 'recommendation', id: 'rec-ilacs-2020-1', fields: ['text'], replacement: marker },
          },
        ],
      });
      const folded = [...given, ...result.events].reduce(
        (state, event) => recommendationDecider.evolve(state, event, '2026-12-04T10:00:00Z'),
        recommendationDecider.initialState,
      );
      expect(folded).toMatchObject({
        text: marker,
        wordings: [{ planId: 'plan-2019', text: marker }],
        redacted: true,
        level: 'service',
      });
    });

    it('refuses a missing reason, an unknown recommendation, and a second removal', () => {
      expect(spec.given([aRecommendationRecorded()]).when(redact({ reason: ' ' }))).toMatchObject({
        error: { code: 'REASON_REQUIRED', field: 'reason' },
      });
      expect(spec.given([]).when(redact())).toMatchObject({ error: { code: 'NOT_FOUND' } });
      const done = spec.given([aRecommendationRecorded()]).when(redact()) as { events: never[] };
      expect(spec.given([aRecommendationRecorded(), ...done.events]).when(redact())).toMatchObject({
        error: { code: 'ALREADY_EXISTS' },
      });
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
