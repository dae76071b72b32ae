import { Inject } from '@nestjs/common';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { ReadModels } from '#read-store';
import { computeCommitteeReport } from '#reporting';
import { CommitteeReportQuery } from './committee-report.query.js';

@QueryHandler(CommitteeReportQuery)
export class CommitteeReportHandler implements IQueryHandler<CommitteeReportQuery> {
  constructor(@Inject(ReadModels) private readonly readModels: ReadModels) {}

  execute({ planId, since, until, asAt }: CommitteeReportQuery) {
    return computeCommitteeReport(this.readModels, { planId, since, until, asAt });
  }
}
