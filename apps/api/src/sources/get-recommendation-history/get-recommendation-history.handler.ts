import { Inject } from '@nestjs/common';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import type { Clock } from '#command-handling';
import type { CalendarDays } from '#domain';
import { ChildDataReadModels } from '#read-store';
import { CALENDAR } from '../../infrastructure/calendar.token.js';
import { CLOCK } from '../../infrastructure/clock.token.js';
import { dayJudged } from '../../http/read-query.dto.js';
import { GetRecommendationHistoryQuery } from './get-recommendation-history.query.js';

@QueryHandler(GetRecommendationHistoryQuery)
export class GetRecommendationHistoryHandler implements IQueryHandler<GetRecommendationHistoryQuery> {
  constructor(
    @Inject(ChildDataReadModels) private readonly readModels: ChildDataReadModels,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(CALENDAR) private readonly calendar: CalendarDays,
  ) {}

  execute({ reading, recommendationId, asItStood }: GetRecommendationHistoryQuery) {
    return this.readModels
      .as(reading)
      .recommendationHistory(recommendationId, dayJudged(this.calendar, this.clock.now(), asItStood), asItStood);
  }
}
