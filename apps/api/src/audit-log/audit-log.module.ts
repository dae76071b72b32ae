import { Module } from '@nestjs/common';
import { GetAuditLogHandler } from './get-audit-log/get-audit-log.handler.js';
import { GetAuditLogHttpController } from './get-audit-log/get-audit-log.http.controller.js';

/** The audit log: every event with who, what, when and why, as JSON pages or a CSV file. */
@Module({
  controllers: [GetAuditLogHttpController],
  providers: [GetAuditLogHandler],
})
export class AuditLogModule {}
