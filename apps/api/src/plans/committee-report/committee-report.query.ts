import { Query } from '@nestjs/cqrs';
import type { CommitteeReport } from '#reporting';

/** The committee report of a plan for [since, until), as the system stood at asAt; null for a plan not known then. */
export class CommitteeReportQuery extends Query<CommitteeReport | null> {
  constructor(
    readonly planId: string,
    readonly since: Date,
    readonly until: Date,
    readonly asAt: Date,
  ) {
    super();
  }
}
