import { Inject } from '@nestjs/common';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { ReadModels } from '#read-store';
import { GetAuditLogQuery } from './get-audit-log.query.js';

@QueryHandler(GetAuditLogQuery)
export class GetAuditLogHandler implements IQueryHandler<GetAuditLogQuery> {
  constructor(@Inject(ReadModels) private readonly readModels: ReadModels) {}

  execute({ filter }: GetAuditLogQuery) {
    return this.readModels.auditLog(filter);
  }
}
