import { Inject } from '@nestjs/common';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { todayOf, type Clock } from '#command-handling';
import { ReadModels } from '#read-store';
import { CLOCK } from '../../infrastructure/clock.token.js';
import { GetPlanStateQuery } from './get-plan-state.query.js';

@QueryHandler(GetPlanStateQuery)
export class GetPlanStateHandler implements IQueryHandler<GetPlanStateQuery> {
  constructor(
    @Inject(ReadModels) private readonly readModels: ReadModels,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  execute({ planId, filter }: GetPlanStateQuery) {
    return this.readModels.planState({ planId, today: todayOf(this.clock), ...filter });
  }
}
