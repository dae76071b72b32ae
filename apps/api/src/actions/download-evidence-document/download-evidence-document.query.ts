import { ReadQuery } from '../../shared/read-query.js';
import type { ChildDataReading, EvidenceDocumentView } from '#read-store';

/** The document an action's evidence keeps, as its event recorded it; null when there is none. */
export class GetEvidenceDocumentQuery extends ReadQuery<EvidenceDocumentView | null> {
  constructor(
    reading: ChildDataReading | null,
    readonly actionId: string,
    readonly evidenceId: string,
  ) {
    super(reading);
  }
}
