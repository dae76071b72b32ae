import { Query } from '@nestjs/cqrs';
import type { PlanStateView } from '#read-store';
import type { GetPlanStateRequestDto } from './get-plan-state.request.dto.js';

export class GetPlanStateQuery extends Query<PlanStateView | null> {
  constructor(
    readonly planId: string,
    readonly request: GetPlanStateRequestDto,
  ) {
    super();
  }
}
