import { Inject } from '@nestjs/common';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { todayOf, type Clock } from '#command-handling';
import { ReadModels } from '#read-store';
import { CLOCK } from '../../infrastructure/clock.token.js';
import { GetActionQuery } from './get-action.query.js';

@QueryHandler(GetActionQuery)
export class GetActionHandler implements IQueryHandler<GetActionQuery> {
  constructor(
    @Inject(ReadModels) private readonly readModels: ReadModels,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  execute({ actionId, asItStood }: GetActionQuery) {
    return this.readModels.actionState(actionId, todayOf(this.clock), asItStood);
  }
}
