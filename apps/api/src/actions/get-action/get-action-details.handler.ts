import { Inject } from '@nestjs/common';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { ChildDataReadModels } from '#read-store';
import { GetActionDetailsQuery } from './get-action-details.query.js';

@QueryHandler(GetActionDetailsQuery)
export class GetActionDetailsHandler implements IQueryHandler<GetActionDetailsQuery> {
  constructor(@Inject(ChildDataReadModels) private readonly readModels: ChildDataReadModels) {}

  execute({ reading, actionId, asItStood }: GetActionDetailsQuery) {
    return this.readModels.as(reading).actionDetails(actionId, asItStood);
  }
}
