import type { OpenPlan } from '../plan/plan.decider.js';
import type { PlanOpened } from '../plan/plan.events.js';

const opened: PlanOpened['data'] = {
  planId: 'sdp-2024-25',
  title: 'Service Development Plan 2024-25',
  periodStart: '2024-04-01',
  periodEnd: '2025-03-31',
  owner: 'Head of Service',
  board: 'Children’s Senior Management Team',
  reviewFrequency: 'Quarterly',
};

export const aPlanOpened = (overrides: Partial<PlanOpened['data']> = {}): PlanOpened => ({
  type: 'PlanOpened',
  data: { ...opened, ...overrides },
});

export const anOpenPlanCommand = (overrides: Partial<OpenPlan['data']> = {}): OpenPlan => ({
  type: 'OpenPlan',
  data: { ...opened, ...overrides },
});
