import {
  Controller,
  Get,
  Inject,
  HttpException,
  HttpStatus,
  Param,
  Query as QueryParams,
  UseInterceptors,
} from '@nestjs/common';
import type { CalendarDays } from '#domain';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBadRequestResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ProblemDto } from '../../http/api-docs.dto.js';
import { IdParamPipe } from '../../http/id-param.pipe.js';
import { problem } from '../../http/problem.js';
import { ReadYourWritesInterceptor } from '../../http/read-your-writes.interceptor.js';
import { Page } from '../../web/page.decorator.js';
import type { Clock } from '#command-handling';
import { CALENDAR } from '../../infrastructure/calendar.token.js';
import { CLOCK } from '../../infrastructure/clock.token.js';
import { GetPlanChangesQuery } from './get-plan-changes.query.js';
import { GetPlanChangesRequestDto } from './get-plan-changes.request.dto.js';
import { getPlanChangesPage } from './get-plan-changes.page.js';
import { reportPeriod } from './report-period.js';
import { PlanChangesResponseDto } from './plan-changes.response.js';
import { Reading } from '../../http/request-reading.js';
import type { ChildDataReading } from '#read-store';

@ApiTags('plans')
@Controller('plans')
export class GetPlanChangesHttpController {
  constructor(
    private readonly queryBus: QueryBus,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(CALENDAR) private readonly calendar: CalendarDays,
  ) {}

  @Get(':planId/changes')
  @UseInterceptors(ReadYourWritesInterceptor)
  @Page(getPlanChangesPage)
  @ApiOperation({
    summary:
      'What changed in a plan over a period (the quarterly committee report; by default the last full quarter): each action moved, with its status, owner and due date before and after, and every event recorded; in a browser, its page',
  })
  @ApiOkResponse({ description: 'The summary, the actions moved, and the events', type: PlanChangesResponseDto })
  @ApiBadRequestResponse({ type: ProblemDto })
  @ApiNotFoundResponse({ type: ProblemDto })
  async getPlanChanges(
    @Param('planId', IdParamPipe) planId: string,
    @QueryParams() request: GetPlanChangesRequestDto,
    @Reading() reading: ChildDataReading | null,
  ) {
    const { since, until } = reportPeriod(request, this.clock.now(), this.calendar);
    if (until.getTime() <= since.getTime()) {
      throw new HttpException(
        problem(HttpStatus.BAD_REQUEST, 'until must be after since', {
          errors: [{ field: 'until', message: 'until must be after since' }],
        }),
        HttpStatus.BAD_REQUEST,
      );
    }
    const report = await this.queryBus.execute(new GetPlanChangesQuery(reading, planId, since, until, request.basis));
    if (!report)
      throw new HttpException(problem(HttpStatus.NOT_FOUND, `No such plan: ${planId}`), HttpStatus.NOT_FOUND);
    return report;
  }
}
