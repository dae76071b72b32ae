import { Inject } from '@nestjs/common';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import type { Clock } from '#command-handling';
import type { CalendarDays } from '#domain';
import { ChildDataReadModels } from '#read-store';
import { CALENDAR } from '../../infrastructure/calendar.token.js';
import { CLOCK } from '../../infrastructure/clock.token.js';
import { ListPlansQuery } from './list-plans.query.js';

@QueryHandler(ListPlansQuery)
export class ListPlansHandler implements IQueryHandler<ListPlansQuery> {
  constructor(
    @Inject(ChildDataReadModels) private readonly readModels: ChildDataReadModels,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(CALENDAR) private readonly calendar: CalendarDays,
  ) {}

  execute({ reading }: ListPlansQuery) {
    return this.readModels.as(reading).planList(this.calendar.today(this.clock.now()));
  }
}
