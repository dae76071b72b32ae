import { Inject } from '@nestjs/common';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import type { Clock } from '#command-handling';
import type { CalendarDays } from '#domain';
import { ChildDataReadModels } from '#read-store';
import { CALENDAR } from '../../infrastructure/calendar.token.js';
import { CLOCK } from '../../infrastructure/clock.token.js';
import { dayJudged } from '../../http/read-query.dto.js';
import { GetActionQuery } from './get-action.query.js';

@QueryHandler(GetActionQuery)
export class GetActionHandler implements IQueryHandler<GetActionQuery> {
  constructor(
    @Inject(ChildDataReadModels) private readonly readModels: ChildDataReadModels,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(CALENDAR) private readonly calendar: CalendarDays,
  ) {}

  execute({ reading, actionId, asItStood }: GetActionQuery) {
    return this.readModels
      .as(reading)
      .actionState(actionId, dayJudged(this.calendar, this.clock.now(), asItStood), asItStood);
  }
}
