import { Inject } from '@nestjs/common';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { ReadModels } from '#read-store';
import { GetPlanChangesQuery } from './get-plan-changes.query.js';

@QueryHandler(GetPlanChangesQuery)
export class GetPlanChangesHandler implements IQueryHandler<GetPlanChangesQuery> {
  constructor(@Inject(ReadModels) private readonly readModels: ReadModels) {}

  execute({ planId, since, until, basis }: GetPlanChangesQuery) {
    return this.readModels.planChangesReport(planId, since, until, basis);
  }
}
