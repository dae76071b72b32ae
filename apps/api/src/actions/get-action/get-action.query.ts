import { Query } from '@nestjs/cqrs';
import type { AsItStood, PlanActionView } from '#read-store';

export class GetActionQuery extends Query<PlanActionView | null> {
  constructor(
    readonly actionId: string,
    readonly asItStood?: AsItStood,
  ) {
    super();
  }
}
