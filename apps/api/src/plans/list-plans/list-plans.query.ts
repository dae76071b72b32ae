import { Query } from '@nestjs/cqrs';
import type { PlanSummary } from '#read-store';

/** Every plan with how its actions stand. */
export class ListPlansQuery extends Query<PlanSummary[]> {}
