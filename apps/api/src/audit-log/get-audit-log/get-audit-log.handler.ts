import { Inject } from '@nestjs/common';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { DataSource } from 'typeorm';
import { auditLog } from '#read-store';
import { GetAuditLogQuery } from './get-audit-log.query.js';

@QueryHandler(GetAuditLogQuery)
export class GetAuditLogHandler implements IQueryHandler<GetAuditLogQuery> {
  constructor(@Inject(DataSource) private readonly readDatabase: DataSource) {}

  execute({ filter }: GetAuditLogQuery) {
    return auditLog(this.readDatabase, filter);
  }
}
