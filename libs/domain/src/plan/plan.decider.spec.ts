import { describe, expect, it } from '@jest/globals';
import { deciderSpec } from '../testing/decider-spec.js';
import { anOpenPlanCommand, aPlanOpened } from '../testing/plan.builders.js';
import { planDecider } from './plan.decider.js';
import { planStreamId } from './plan.events.js';

const spec = deciderSpec(planDecider);

describe('plan decider', () => {
  describe('OpenPlan', () => {
    it('given no plan, opens it', () => {
      expect(spec.given([]).when(anOpenPlanCommand())).toEqual({ events: [aPlanOpened()] });
    });

    it('opens a plan whose header names no owner, board or review frequency', () => {
      const command = anOpenPlanCommand({ owner: null, board: '', reviewFrequency: null });
      expect(spec.given([]).when(command)).toEqual({
        events: [aPlanOpened({ owner: null, board: null, reviewFrequency: null })],
      });
    });

    it('refuses to open a plan twice', () => {
      expect(spec.given([aPlanOpened()]).when(anOpenPlanCommand())).toMatchObject({
        error: { code: 'ALREADY_EXISTS' },
      });
    });

    it('refuses a period that ends before it starts', () => {
      const command = anOpenPlanCommand({ periodStart: '2025-04-01', periodEnd: '2025-03-31' });
      expect(spec.given([]).when(command)).toMatchObject({ error: { code: 'INVALID', field: 'periodEnd' } });
    });

    it.each([
      ['planId', { planId: '' }, 'REQUIRED'],
      ['title', { title: ' ' }, 'REQUIRED'],
      ['periodStart', { periodStart: 'April 2024' }, 'INVALID'],
      ['periodEnd', { periodEnd: '2025-13-01' }, 'INVALID'],
    ])('refuses a bad %s', (field, overrides, code) => {
      expect(spec.given([]).when(anOpenPlanCommand(overrides))).toMatchObject({ error: { code, field } });
    });
  });

  it('evolves to the opened plan', () => {
    expect(planDecider.evolve(null, aPlanOpened(), '2024-04-01T09:00:00Z')).toEqual(aPlanOpened().data);
  });

  it('names its stream', () => {
    expect(planStreamId('sdp-2024-25')).toBe('plan-sdp-2024-25');
  });
});
