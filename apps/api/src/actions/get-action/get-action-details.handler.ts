import { Inject } from '@nestjs/common';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { ReadModels } from '#read-store';
import { GetActionDetailsQuery } from './get-action-details.query.js';

@QueryHandler(GetActionDetailsQuery)
export class GetActionDetailsHandler implements IQueryHandler<GetActionDetailsQuery> {
  constructor(@Inject(ReadModels) private readonly readModels: ReadModels) {}

  execute({ actionId, asItStood }: GetActionDetailsQuery) {
    return this.readModels.actionDetails(actionId, asItStood);
  }
}
