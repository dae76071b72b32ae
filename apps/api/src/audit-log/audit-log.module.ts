import { Module } from '@nestjs/common';
import { GetActionNamesHandler } from './get-audit-log/get-action-names.handler.js';
import { GetAuditLogHandler } from './get-audit-log/get-audit-log.handler.js';
import { GetAuditLogHttpController } from './get-audit-log/get-audit-log.http.controller.js';

/** The audit log: every event with who, what, when and why, as JSON pages, a page a person reads, or a CSV file (auditors and admins). */
@Module({
  controllers: [GetAuditLogHttpController],
  providers: [GetAuditLogHandler, GetActionNamesHandler],
})
export class AuditLogModule {}
