import { ReadQuery } from '../../shared/read-query.js';
import type { ChangesBasis, ChildDataReading, PlanChangesReport } from '#read-store';

export class GetPlanChangesQuery extends ReadQuery<PlanChangesReport | null> {
  constructor(
    reading: ChildDataReading | null,
    readonly planId: string,
    readonly since: Date,
    readonly until: Date,
    readonly basis: ChangesBasis = 'recorded',
  ) {
    super(reading);
  }
}
