import type { IsoDate } from '../values.js';

/** A yearly Service Improvement/Development Plan. */
export type PlanOpened = {
  type: 'PlanOpened';
  data: {
    planId: string;
    title: string;
    periodStart: IsoDate;
    periodEnd: IsoDate;
    /** Owner, board and review frequency ("Quarterly") are as the plan's header gives them; null when it does not. */
    owner: string | null;
    board: string | null;
    reviewFrequency: string | null;
  };
};

export type PlanEvent = PlanOpened;

export const planStreamId = (planId: string): string => `plan-${planId}`;
