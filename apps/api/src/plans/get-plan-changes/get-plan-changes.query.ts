import { Query } from '@nestjs/cqrs';
import type { PlanChangesReport } from '#read-store';

export class GetPlanChangesQuery extends Query<PlanChangesReport | null> {
  constructor(
    readonly planId: string,
    readonly since: Date,
    readonly until: Date,
  ) {
    super();
  }
}
