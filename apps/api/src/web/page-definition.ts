import type { QueryBus } from '@nestjs/cqrs';
import type { Request } from 'express';
import type { CalendarDays } from '#domain';

/**
 * How a use case's answer is shown to a person: the template beside it and the view model shaped
 * for it (templates format; they do not compute). The same route answers JSON to the API.
 */
export interface PageDefinition<Answer = unknown, More = undefined> {
  /** The template, from apps/api/src: 'plans/list-plans/list-plans.njk'. */
  template: string;
  /** What else the page shows beyond the API's answer, asked of the same read models. */
  load?(answer: Answer, request: Request, queryBus: QueryBus, calendar: CalendarDays): Promise<More>;
  /** `calendar`: the service's days (TIME_ZONE), for "today" and a bare day in asOf/asAt. */
  view(answer: Answer, request: Request, more: More, calendar: CalendarDays): Record<string, unknown>;
}

export const PAGE = 'oversight:page';
