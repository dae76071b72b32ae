import { Inject } from '@nestjs/common';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import type { CalendarDays } from '#domain';
import { ChildDataReadModels } from '#read-store';
import { computeCommitteeReport } from '#reporting';
import { CALENDAR } from '../../infrastructure/calendar.token.js';
import { CommitteeReportQuery } from './committee-report.query.js';

@QueryHandler(CommitteeReportQuery)
export class CommitteeReportHandler implements IQueryHandler<CommitteeReportQuery> {
  constructor(
    @Inject(ChildDataReadModels) private readonly readModels: ChildDataReadModels,
    @Inject(CALENDAR) private readonly calendar: CalendarDays,
  ) {}

  execute({ reading, planId, since, until, asAt }: CommitteeReportQuery) {
    return computeCommitteeReport(this.readModels.as(reading), { planId, since, until, asAt, calendar: this.calendar });
  }
}
