import { Query } from '@nestjs/cqrs';
import type { AuditEntry, KnownKind } from '#read-store';

/** The timeline of an action, a recommendation or a source; null when the read models do not know it. */
export class GetEvidenceTimelineQuery extends Query<AuditEntry[] | null> {
  constructor(
    readonly of: KnownKind,
    readonly id: string,
  ) {
    super();
  }
}
