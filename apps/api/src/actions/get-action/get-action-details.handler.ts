import { Inject } from '@nestjs/common';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { DataSource } from 'typeorm';
import { actionDetails } from '#read-store';
import { GetActionDetailsQuery } from './get-action-details.query.js';

@QueryHandler(GetActionDetailsQuery)
export class GetActionDetailsHandler implements IQueryHandler<GetActionDetailsQuery> {
  constructor(@Inject(DataSource) private readonly readDatabase: DataSource) {}

  execute({ actionId, asItStood }: GetActionDetailsQuery) {
    return actionDetails(this.readDatabase, actionId, asItStood);
  }
}
