import { Inject } from '@nestjs/common';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import type { CalendarDays } from '#domain';
import { ReadModels } from '#read-store';
import { computeCommitteeReport } from '#reporting';
import { CALENDAR } from '../../infrastructure/calendar.token.js';
import { CommitteeReportQuery } from './committee-report.query.js';

@QueryHandler(CommitteeReportQuery)
export class CommitteeReportHandler implements IQueryHandler<CommitteeReportQuery> {
  constructor(
    @Inject(ReadModels) private readonly readModels: ReadModels,
    @Inject(CALENDAR) private readonly calendar: CalendarDays,
  ) {}

  execute({ planId, since, until, asAt }: CommitteeReportQuery) {
    return computeCommitteeReport(this.readModels, { planId, since, until, asAt, calendar: this.calendar });
  }
}
