import { Inject } from '@nestjs/common';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { ChildDataReadModels } from '#read-store';
import { GetPlanChangesQuery } from './get-plan-changes.query.js';

@QueryHandler(GetPlanChangesQuery)
export class GetPlanChangesHandler implements IQueryHandler<GetPlanChangesQuery> {
  constructor(@Inject(ChildDataReadModels) private readonly readModels: ChildDataReadModels) {}

  execute({ reading, planId, since, until, basis }: GetPlanChangesQuery) {
    return this.readModels.as(reading).planChangesReport(planId, since, until, basis);
  }
}
