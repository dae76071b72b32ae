import { Query } from '@nestjs/cqrs';
import type { AsItStood } from '#read-store';

/** The plan's workbook: its bytes and the name to save it under; null for a plan not known (then). */
export type ExportedWorkbook = { bytes: Uint8Array; fileName: string };

export class ExportPlanQuery extends Query<ExportedWorkbook | null> {
  constructor(
    readonly planId: string,
    /** The moment looked from; undefined for now. */
    readonly asItStood?: AsItStood,
  ) {
    super();
  }
}
