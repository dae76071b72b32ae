import { ReadQuery } from '../../shared/read-query.js';
import type { SourceKind } from '#domain';
import type { ChildDataReading, SourceAccountability } from '#read-store';

/** Accountability to each source, grouped by kind; only sources of these kinds when given. */
export class GetAccountabilityQuery extends ReadQuery<{ kind: string; sources: SourceAccountability[] }[]> {
  constructor(
    reading: ChildDataReading | null,
    readonly kinds?: SourceKind[],
  ) {
    super(reading);
  }
}
