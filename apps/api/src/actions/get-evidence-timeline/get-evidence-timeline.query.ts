import { ReadQuery } from '../../shared/read-query.js';
import type { AuditEntry, ChildDataReading, KnownKind } from '#read-store';

/** The timeline of an action, a recommendation or a source; null when the read models do not know it. */
export class GetEvidenceTimelineQuery extends ReadQuery<AuditEntry[] | null> {
  constructor(
    reading: ChildDataReading | null,
    readonly of: KnownKind,
    readonly id: string,
  ) {
    super(reading);
  }
}
