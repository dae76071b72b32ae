import { Query } from '@nestjs/cqrs';
import type { SourceKind } from '#domain';
import type { SourceAccountability } from '#read-store';

/** Accountability to each source, grouped by kind; only sources of these kinds when given. */
export class GetAccountabilityQuery extends Query<{ kind: string; sources: SourceAccountability[] }[]> {
  constructor(readonly kinds?: SourceKind[]) {
    super();
  }
}
