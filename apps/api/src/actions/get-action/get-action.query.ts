import { Query } from '@nestjs/cqrs';
import type { PlanActionView } from '#read-store';

export class GetActionQuery extends Query<PlanActionView | null> {
  constructor(readonly actionId: string) {
    super();
  }
}
