import { ReadQuery } from '../../shared/read-query.js';
import type { ActionDetails, AsItStood, ChildDataReading } from '#read-store';

/** An action with every field, where it sits, what it answers and its whole history: what its page shows. */
export class GetActionDetailsQuery extends ReadQuery<ActionDetails | null> {
  constructor(
    reading: ChildDataReading | null,
    readonly actionId: string,
    readonly asItStood: AsItStood | undefined,
  ) {
    super(reading);
  }
}
