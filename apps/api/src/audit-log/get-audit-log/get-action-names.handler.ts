import { Inject } from '@nestjs/common';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { DataSource } from 'typeorm';
import { actionNames } from '#read-store';
import { GetActionNamesQuery } from './get-action-names.query.js';

@QueryHandler(GetActionNamesQuery)
export class GetActionNamesHandler implements IQueryHandler<GetActionNamesQuery> {
  constructor(@Inject(DataSource) private readonly readDatabase: DataSource) {}

  execute({ actionIds }: GetActionNamesQuery) {
    return actionNames(this.readDatabase, actionIds);
  }
}
