import type { ChildDataReading } from '#read-store';
import { ReadQuery } from '../../shared/read-query.js';
import type { CommitteeReport } from '#reporting';

/** The committee report of a plan for [since, until), as the system stood at asAt; null for a plan not known then. */
export class CommitteeReportQuery extends ReadQuery<CommitteeReport | null> {
  constructor(
    reading: ChildDataReading | null,
    readonly planId: string,
    readonly since: Date,
    readonly until: Date,
    readonly asAt: Date,
  ) {
    super(reading);
  }
}
