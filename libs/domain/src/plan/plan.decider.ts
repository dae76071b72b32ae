import type { Decider } from '../decider.js';
import { DomainError } from '../domain-error.js';
import { optionalText, requireIsoDate, requireText, type DecideContext } from '../values.js';
import type { PlanEvent, PlanOpened } from './plan.events.js';

export type OpenPlan = { type: 'OpenPlan'; data: PlanOpened['data'] };
export type PlanCommand = OpenPlan;

export type Plan = PlanOpened['data'];
export type PlanState = Plan | null;
export const initialPlanState: PlanState = null;

export function decidePlan(command: PlanCommand, state: PlanState, _context: DecideContext): PlanEvent[] {
  switch (command.type) {
    case 'OpenPlan': {
      const { planId, title, periodStart, periodEnd, owner, board, reviewFrequency } = command.data;
      if (state !== null) throw new DomainError('ALREADY_EXISTS', `plan ${planId} is already open`, 'planId');
      // ISO dates compare as text.
      if (requireIsoDate(periodEnd, 'periodEnd') < requireIsoDate(periodStart, 'periodStart')) {
        throw new DomainError('INVALID', 'the period ends before it starts', 'periodEnd');
      }
      return [
        {
          type: 'PlanOpened',
          data: {
            planId: requireText(planId, 'planId'),
            title: requireText(title, 'title'),
            periodStart,
            periodEnd,
            owner: optionalText(owner, 'owner'),
            board: optionalText(board, 'board'),
            reviewFrequency: optionalText(reviewFrequency, 'reviewFrequency'),
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

export function evolvePlan(state: PlanState, event: PlanEvent, _effectiveAt: string): PlanState {
  switch (event.type) {
    case 'PlanOpened':
      return { ...event.data };
    default: {
      const _exhaustive: never = event.type;
      return state; // an event type this version does not know changes nothing it knows
    }
  }
}

export const planDecider: Decider<PlanCommand, PlanEvent, PlanState> = {
  decide: decidePlan,
  evolve: evolvePlan,
  initialState: initialPlanState,
};
