import { Inject } from '@nestjs/common';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { ReadModels } from '#read-store';
import { GetActionNamesQuery } from './get-action-names.query.js';

@QueryHandler(GetActionNamesQuery)
export class GetActionNamesHandler implements IQueryHandler<GetActionNamesQuery> {
  constructor(@Inject(ReadModels) private readonly readModels: ReadModels) {}

  execute({ actionIds }: GetActionNamesQuery) {
    return this.readModels.actionNames(actionIds);
  }
}
