import { ReadQuery } from '../../shared/read-query.js';
import type { AsItStood, ChildDataReading } from '#read-store';

/** The plan's workbook: its bytes and the name to save it under; null for a plan not known (then). */
export type ExportedWorkbook = { bytes: Uint8Array; fileName: string };

export class ExportPlanQuery extends ReadQuery<ExportedWorkbook | null> {
  constructor(
    reading: ChildDataReading | null,
    readonly planId: string,
    /** The moment looked from; undefined for now. */
    readonly asItStood?: AsItStood,
  ) {
    super(reading);
  }
}
