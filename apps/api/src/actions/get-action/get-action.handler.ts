import { Inject } from '@nestjs/common';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { DataSource } from 'typeorm';
import { todayOf, type Clock } from '#command-handling';
import { actionState } from '#read-store';
import { CLOCK } from '../../infrastructure/clock.token.js';
import { GetActionQuery } from './get-action.query.js';

@QueryHandler(GetActionQuery)
export class GetActionHandler implements IQueryHandler<GetActionQuery> {
  constructor(
    @Inject(DataSource) private readonly readDatabase: DataSource,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  execute({ actionId, asItStood }: GetActionQuery) {
    return actionState(this.readDatabase, actionId, todayOf(this.clock), asItStood);
  }
}
