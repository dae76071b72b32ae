import {
  Controller,
  Get,
  HttpException,
  HttpStatus,
  Inject,
  Param,
  Query as QueryParams,
  UseInterceptors,
} from '@nestjs/common';
import type { CalendarDays } from '#domain';
import { CALENDAR } from '../../infrastructure/calendar.token.js';
import { QueryBus } from '@nestjs/cqrs';
import { ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ProblemDto } from '../../http/api-docs.dto.js';
import { IdParamPipe } from '../../http/id-param.pipe.js';
import { problem } from '../../http/problem.js';
import { ReadYourWritesInterceptor } from '../../http/read-your-writes.interceptor.js';
import { Page } from '../../web/page.decorator.js';
import { GetPlanStateQuery } from '../get-plan-state/get-plan-state.query.js';
import { GetPlanStateRequestDto } from '../get-plan-state/get-plan-state.request.dto.js';
import { viewPlanPage } from './view-plan.page.js';
import { ViewPlanResponseDto } from './view-plan.response.js';
import { Reading } from '../../http/request-reading.js';
import type { ChildDataReading } from '#read-store';

/** A plan: the page a person reads (its actions by section, filtered, sorted and paged); to the API, the same as its state. */
@ApiTags('plans')
@Controller('plans')
export class ViewPlanHttpController {
  constructor(
    private readonly queryBus: QueryBus,
    @Inject(CALENDAR) private readonly calendar: CalendarDays,
  ) {}

  @Get(':planId')
  @UseInterceptors(ReadYourWritesInterceptor)
  @Page(viewPlanPage)
  @ApiOperation({
    summary: 'A plan and a page of its actions, as GET /plans/:planId/state answers; in a browser, the plan page',
  })
  @ApiOkResponse({
    description: 'The plan, its counts, a page of its actions, and the query as read',
    type: ViewPlanResponseDto,
  })
  @ApiNotFoundResponse({ type: ProblemDto })
  async viewPlan(
    @Param('planId', IdParamPipe) planId: string,
    @QueryParams() request: GetPlanStateRequestDto,
    @Reading() reading: ChildDataReading | null,
  ) {
    const state = await this.queryBus.execute(GetPlanStateQuery.of(reading, planId, request, this.calendar));
    if (!state)
      throw new HttpException(
        problem(
          HttpStatus.NOT_FOUND,
          request.asAt ? `No plan ${planId} was recorded by ${request.asAt}` : `No such plan: ${planId}`,
        ),
        HttpStatus.NOT_FOUND,
      );
    return { ...state, request };
  }
}
