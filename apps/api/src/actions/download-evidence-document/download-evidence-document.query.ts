import { Query } from '@nestjs/cqrs';
import type { EvidenceDocumentView } from '#read-store';

/** The document an action's evidence keeps, as its event recorded it; null when there is none. */
export class GetEvidenceDocumentQuery extends Query<EvidenceDocumentView | null> {
  constructor(
    readonly actionId: string,
    readonly evidenceId: string,
  ) {
    super();
  }
}
