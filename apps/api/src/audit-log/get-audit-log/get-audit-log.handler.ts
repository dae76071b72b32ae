import { Inject } from '@nestjs/common';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { ChildDataReadModels } from '#read-store';
import { GetAuditLogQuery } from './get-audit-log.query.js';

@QueryHandler(GetAuditLogQuery)
export class GetAuditLogHandler implements IQueryHandler<GetAuditLogQuery> {
  constructor(@Inject(ChildDataReadModels) private readonly readModels: ChildDataReadModels) {}

  execute({ reading, filter }: GetAuditLogQuery) {
    return this.readModels.as(reading).auditLog(filter);
  }
}
