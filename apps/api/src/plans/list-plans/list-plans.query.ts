import { ReadQuery } from '../../shared/read-query.js';
import type { PlanSummary } from '#read-store';

/** Every plan with how its actions stand. */
export class ListPlansQuery extends ReadQuery<PlanSummary[]> {}
