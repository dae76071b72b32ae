import { ReadQuery } from '../../shared/read-query.js';
import type { AsItStood, ChildDataReading, PlanActionView } from '#read-store';

export class GetActionQuery extends ReadQuery<PlanActionView | null> {
  constructor(
    reading: ChildDataReading | null,
    readonly actionId: string,
    readonly asItStood?: AsItStood,
  ) {
    super(reading);
  }
}
