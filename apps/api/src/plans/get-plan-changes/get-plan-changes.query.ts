import { Query } from '@nestjs/cqrs';
import type { ChangesBasis, PlanChangesReport } from '#read-store';

export class GetPlanChangesQuery extends Query<PlanChangesReport | null> {
  constructor(
    readonly planId: string,
    readonly since: Date,
    readonly until: Date,
    readonly basis: ChangesBasis = 'recorded',
  ) {
    super();
  }
}
