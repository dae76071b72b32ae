import { Inject } from '@nestjs/common';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import type { Clock } from '#command-handling';
import type { CalendarDays } from '#domain';
import { ChildDataReadModels } from '#read-store';
import { CALENDAR } from '../../infrastructure/calendar.token.js';
import { CLOCK } from '../../infrastructure/clock.token.js';
import { GetAccountabilityQuery } from './get-accountability.query.js';

@QueryHandler(GetAccountabilityQuery)
export class GetAccountabilityHandler implements IQueryHandler<GetAccountabilityQuery> {
  constructor(
    @Inject(ChildDataReadModels) private readonly readModels: ChildDataReadModels,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(CALENDAR) private readonly calendar: CalendarDays,
  ) {}

  execute({ reading, kinds }: GetAccountabilityQuery) {
    return this.readModels.as(reading).accountability(this.calendar.today(this.clock.now()), kinds);
  }
}
