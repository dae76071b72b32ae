import { Query } from '@nestjs/cqrs';
import type { AuditEntry, AuditLogQuery } from '#read-store';

/** One keyset page of the audit log. */
export class GetAuditLogQuery extends Query<{ entries: AuditEntry[]; nextAfter: number | null }> {
  constructor(readonly filter: AuditLogQuery) {
    super();
  }
}
