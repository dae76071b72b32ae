import { Inject } from '@nestjs/common';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { DataSource } from 'typeorm';
import { actionState } from '#read-store';
import { today } from '../../shared/today.js';
import { GetActionQuery } from './get-action.query.js';

@QueryHandler(GetActionQuery)
export class GetActionHandler implements IQueryHandler<GetActionQuery> {
  constructor(@Inject(DataSource) private readonly readDatabase: DataSource) {}

  execute({ actionId, asItStood }: GetActionQuery) {
    return actionState(this.readDatabase, actionId, today(), asItStood);
  }
}
