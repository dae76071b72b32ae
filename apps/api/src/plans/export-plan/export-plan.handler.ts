import { Inject } from '@nestjs/common';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { DataSource } from 'typeorm';
import { todayOf, type Clock } from '#command-handling';
import { exportFileName, exportPlanWorkbook } from '#importer';
import { planForExport } from '#read-store';
import { asItStood } from '../../http/read-query.dto.js';
import { CLOCK } from '../../infrastructure/clock.token.js';
import { ExportPlanQuery, type ExportedWorkbook } from './export-plan.query.js';

@QueryHandler(ExportPlanQuery)
export class ExportPlanHandler implements IQueryHandler<ExportPlanQuery> {
  constructor(
    @Inject(DataSource) private readonly readDatabase: DataSource,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute({ planId, request }: ExportPlanQuery): Promise<ExportedWorkbook | null> {
    const when = asItStood(request);
    const plan = await planForExport(this.readDatabase, planId, when);
    if (!plan) return null;
    // The day the workbook describes: the one looked from, else today.
    const lookedFrom = when?.asOf ?? when?.asAt;
    const asAt = lookedFrom ? lookedFrom.toISOString().slice(0, 10) : todayOf(this.clock);
    return { bytes: await exportPlanWorkbook(plan, { asAt }), fileName: exportFileName(plan.title, request.asOf !== undefined ? asAt : null) };
  }
}
