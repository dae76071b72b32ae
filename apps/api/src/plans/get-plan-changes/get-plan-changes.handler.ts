import { Inject } from '@nestjs/common';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { DataSource } from 'typeorm';
import { planChangesReport } from '#read-store';
import { GetPlanChangesQuery } from './get-plan-changes.query.js';

@QueryHandler(GetPlanChangesQuery)
export class GetPlanChangesHandler implements IQueryHandler<GetPlanChangesQuery> {
  constructor(@Inject(DataSource) private readonly readDatabase: DataSource) {}

  execute({ planId, since, until, basis }: GetPlanChangesQuery) {
    return planChangesReport(this.readDatabase, planId, since, until, basis);
  }
}
