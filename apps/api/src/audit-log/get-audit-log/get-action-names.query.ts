import { ReadQuery } from '../../shared/read-query.js';
import type { ActionName, ChildDataReading } from '#read-store';

/** The ref and description of the actions an audit log page names, to link them by name. */
export class GetActionNamesQuery extends ReadQuery<ActionName[]> {
  constructor(
    reading: ChildDataReading | null,
    readonly actionIds: string[],
  ) {
    super(reading);
  }
}
