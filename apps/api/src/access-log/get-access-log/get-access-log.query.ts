import { Query } from '@nestjs/cqrs';
import type { AccessLogEntry, AccessLogQuery } from '#read-store';

/** One keyset page of the log of reads of child-level words. */
export class GetAccessLogQuery extends Query<{ entries: AccessLogEntry[]; nextAfter: number | null }> {
  constructor(readonly filter: AccessLogQuery) {
    super();
  }
}
