import { ReadQuery } from '../../shared/read-query.js';
import type { ChildDataReading, PlanStateQuery, PlanStateView } from '#read-store';
import { sourceKindsNamed, type CalendarDays } from '#domain';
import { asItStood } from '../../http/read-query.dto.js';
import type { GetPlanStateRequestDto } from './get-plan-state.request.dto.js';

/** What a plan's page of actions is asked for: everything but the plan and the day, which the handler knows. */
export type PlanStateFilter = Omit<PlanStateQuery, 'planId' | 'today'>;

/** A plan and a page of its actions, filtered, sorted, now or as it stood. */
export class GetPlanStateQuery extends ReadQuery<PlanStateView | null> {
  constructor(
    reading: ChildDataReading | null,
    readonly planId: string,
    readonly filter: PlanStateFilter,
  ) {
    super(reading);
  }

  /** The query a request asks: its parameters as the reader takes them. */
  static of(
    reading: ChildDataReading | null,
    planId: string,
    request: GetPlanStateRequestDto,
    calendar: CalendarDays,
  ): GetPlanStateQuery {
    const { status, owner, sourceKind, overdue, retained, includeCarriedForward, sort, order, page, pageSize } =
      request;
    const when = asItStood(request, calendar);
    return new GetPlanStateQuery(reading, planId, {
      ...(when ? { asItStood: when } : {}),
      ...(status ? { status } : {}),
      ...(owner ? { owner } : {}),
      ...(sourceKind ? { sourceKinds: sourceKindsNamed(sourceKind) } : {}),
      ...(overdue !== undefined ? { overdue } : {}),
      ...(retained !== undefined ? { retained } : {}),
      ...(includeCarriedForward !== undefined ? { includeCarriedForward } : {}),
      ...(sort ? { sort } : {}),
      descending: order === 'desc',
      page: page ?? 1,
      pageSize: pageSize ?? 50,
    });
  }
}
