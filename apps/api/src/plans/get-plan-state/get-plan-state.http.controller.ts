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
import { GetPlanStateQuery } from './get-plan-state.query.js';
import { GetPlanStateRequestDto } from './get-plan-state.request.dto.js';
import { PlanStateResponseDto } from './plan-state.response.js';
import { Reading } from '../../http/request-reading.js';
import type { ChildDataReading } from '#read-store';

@ApiTags('plans')
@Controller('plans')
export class GetPlanStateHttpController {
  constructor(
    private readonly queryBus: QueryBus,
    @Inject(CALENDAR) private readonly calendar: CalendarDays,
  ) {}

  @Get(':planId/state')
  @UseInterceptors(ReadYourWritesInterceptor)
  @ApiOperation({
    summary:
      "A plan's actions as they stand, or as they stood (asOf, asAt): owner, status, original and current due date, last comment, evidence, retained and overdue flags, counts by status",
  })
  @ApiOkResponse({ description: 'The plan, its counts, and a page of its actions', type: PlanStateResponseDto })
  @ApiNotFoundResponse({ type: ProblemDto })
  async getPlanState(
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
    return state;
  }
}
