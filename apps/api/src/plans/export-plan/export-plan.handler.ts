import { Inject } from '@nestjs/common';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { todayOf, type Clock } from '#command-handling';
import { exportFileName, exportPlanWorkbook } from '#importer';
import { ReadModels } from '#read-store';
import { CLOCK } from '../../infrastructure/clock.token.js';
import { ExportPlanQuery, type ExportedWorkbook } from './export-plan.query.js';

@QueryHandler(ExportPlanQuery)
export class ExportPlanHandler implements IQueryHandler<ExportPlanQuery> {
  constructor(
    @Inject(ReadModels) private readonly readModels: ReadModels,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute({ planId, asItStood: when }: ExportPlanQuery): Promise<ExportedWorkbook | null> {
    const plan = await this.readModels.planForExport(planId, when);
    if (!plan) return null;
    // The day the workbook describes: the one looked from, else today.
    const lookedFrom = when?.asOf ?? when?.asAt;
    const asAt = lookedFrom ? lookedFrom.toISOString().slice(0, 10) : todayOf(this.clock);
    return {
      bytes: await exportPlanWorkbook(plan, { asAt }),
      fileName: exportFileName(plan.title, when?.asOf !== undefined ? asAt : null),
    };
  }
}
