import { Inject } from '@nestjs/common';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import type { Clock } from '#command-handling';
import type { CalendarDays } from '#domain';
import { exportFileName, exportPlanWorkbook } from '#importer';
import { ChildDataReadModels } from '#read-store';
import { CALENDAR } from '../../infrastructure/calendar.token.js';
import { CLOCK } from '../../infrastructure/clock.token.js';
import { dayJudged } from '../../http/read-query.dto.js';
import { ExportPlanQuery, type ExportedWorkbook } from './export-plan.query.js';

@QueryHandler(ExportPlanQuery)
export class ExportPlanHandler implements IQueryHandler<ExportPlanQuery> {
  constructor(
    @Inject(ChildDataReadModels) private readonly readModels: ChildDataReadModels,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(CALENDAR) private readonly calendar: CalendarDays,
  ) {}

  async execute({ reading, planId, asItStood: when }: ExportPlanQuery): Promise<ExportedWorkbook | null> {
    const plan = await this.readModels.as(reading).planForExport(planId, when);
    if (!plan) return null;
    // The day the workbook describes: the one looked from, else today (in the service's zone).
    const asAt = dayJudged(this.calendar, this.clock.now(), when);
    return {
      bytes: await exportPlanWorkbook(plan, { asAt, calendar: this.calendar }),
      fileName: exportFileName(plan.title, when?.asOf !== undefined ? asAt : null),
    };
  }
}
