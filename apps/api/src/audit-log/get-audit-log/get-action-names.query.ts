import { Query } from '@nestjs/cqrs';
import type { ActionName } from '#read-store';

/** The ref and description of the actions an audit log page names, to link them by name. */
export class GetActionNamesQuery extends Query<ActionName[]> {
  constructor(readonly actionIds: string[]) {
    super();
  }
}
