import { ReadQuery } from '../../shared/read-query.js';
import type { AuditEntry, AuditLogQuery, ChildDataReading } from '#read-store';

/** One keyset page of the audit log. */
export class GetAuditLogQuery extends ReadQuery<{ entries: AuditEntry[]; nextAfter: number | null }> {
  constructor(
    reading: ChildDataReading | null,
    readonly filter: AuditLogQuery,
  ) {
    super(reading);
  }
}
