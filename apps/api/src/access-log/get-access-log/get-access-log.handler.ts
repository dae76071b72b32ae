import { Inject } from '@nestjs/common';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { ChildDataAccessLog } from '#read-store';
import { GetAccessLogQuery } from './get-access-log.query.js';

@QueryHandler(GetAccessLogQuery)
export class GetAccessLogHandler implements IQueryHandler<GetAccessLogQuery> {
  constructor(@Inject(ChildDataAccessLog) private readonly accessLog: ChildDataAccessLog) {}

  execute({ filter }: GetAccessLogQuery) {
    return this.accessLog.list(filter);
  }
}
