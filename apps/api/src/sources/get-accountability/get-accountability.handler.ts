import { Inject } from '@nestjs/common';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { todayOf, type Clock } from '#command-handling';
import { ReadModels } from '#read-store';
import { CLOCK } from '../../infrastructure/clock.token.js';
import { GetAccountabilityQuery } from './get-accountability.query.js';

@QueryHandler(GetAccountabilityQuery)
export class GetAccountabilityHandler implements IQueryHandler<GetAccountabilityQuery> {
  constructor(
    @Inject(ReadModels) private readonly readModels: ReadModels,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  execute({ kinds }: GetAccountabilityQuery) {
    return this.readModels.accountability(todayOf(this.clock), kinds);
  }
}
