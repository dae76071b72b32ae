import { Inject } from '@nestjs/common';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import type { Clock } from '#command-handling';
import type { CalendarDays } from '#domain';
import { ChildDataReadModels } from '#read-store';
import { CALENDAR } from '../../infrastructure/calendar.token.js';
import { CLOCK } from '../../infrastructure/clock.token.js';
import { dayJudged } from '../../http/read-query.dto.js';
import { GetPlanStateQuery } from './get-plan-state.query.js';

@QueryHandler(GetPlanStateQuery)
export class GetPlanStateHandler implements IQueryHandler<GetPlanStateQuery> {
  constructor(
    @Inject(ChildDataReadModels) private readonly readModels: ChildDataReadModels,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(CALENDAR) private readonly calendar: CalendarDays,
  ) {}

  execute({ reading, planId, filter }: GetPlanStateQuery) {
    return this.readModels.as(reading).planState({
      planId,
      today: dayJudged(this.calendar, this.clock.now(), filter.asItStood),
      ...filter,
    });
  }
}
