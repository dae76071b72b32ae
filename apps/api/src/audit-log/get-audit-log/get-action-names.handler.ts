import { Inject } from '@nestjs/common';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { ChildDataReadModels } from '#read-store';
import { GetActionNamesQuery } from './get-action-names.query.js';

@QueryHandler(GetActionNamesQuery)
export class GetActionNamesHandler implements IQueryHandler<GetActionNamesQuery> {
  constructor(@Inject(ChildDataReadModels) private readonly readModels: ChildDataReadModels) {}

  execute({ reading, actionIds }: GetActionNamesQuery) {
    return this.readModels.as(reading).actionNames(actionIds);
  }
}
