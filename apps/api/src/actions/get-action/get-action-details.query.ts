import { Query } from '@nestjs/cqrs';
import type { ActionDetails, AsItStood } from '#read-store';

/** An action with every field, where it sits, what it answers and its whole history: what its page shows. */
export class GetActionDetailsQuery extends Query<ActionDetails | null> {
  constructor(
    readonly actionId: string,
    readonly asItStood: AsItStood | undefined,
  ) {
    super();
  }
}
