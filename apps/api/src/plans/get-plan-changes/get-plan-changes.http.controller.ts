import { Controller, Get, HttpException, HttpStatus, Param, Query as QueryParams, UseInterceptors } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBadRequestResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ProblemDto } from '../../http/api-docs.dto.js';
import { IdParamPipe } from '../../http/id-param.pipe.js';
import { problem } from '../../http/problem.js';
import { ReadYourWritesInterceptor } from '../../http/read-your-writes.interceptor.js';
import { startOfDayOrMoment } from '../../http/request-fields.js';
import { GetPlanChangesQuery } from './get-plan-changes.query.js';
import { GetPlanChangesRequestDto } from './get-plan-changes.request.dto.js';

@ApiTags('plans')
@Controller('plans')
export class GetPlanChangesHttpController {
  constructor(private readonly queryBus: QueryBus) {}

  @Get(':planId/changes')
  @UseInterceptors(ReadYourWritesInterceptor)
  @ApiOperation({
    summary: "What changed in a plan over a period (the quarterly committee report): each action moved, with its status, owner and due date before and after, and every event recorded",
  })
  @ApiOkResponse({ description: 'The summary, the actions moved, and the events' })
  @ApiBadRequestResponse({ type: ProblemDto })
  @ApiNotFoundResponse({ type: ProblemDto })
  async getPlanChanges(@Param('planId', IdParamPipe) planId: string, @QueryParams() request: GetPlanChangesRequestDto) {
    const since = startOfDayOrMoment(request.since);
    const until = request.until === undefined ? new Date() : startOfDayOrMoment(request.until);
    if (until.getTime() <= since.getTime()) {
      throw new HttpException(problem(HttpStatus.BAD_REQUEST, 'until must be after since', { errors: [{ field: 'until', message: 'until must be after since' }] }), HttpStatus.BAD_REQUEST);
    }
    const report = await this.queryBus.execute(new GetPlanChangesQuery(planId, since, until));
    if (!report) throw new HttpException(problem(HttpStatus.NOT_FOUND, `No such plan: ${planId}`), HttpStatus.NOT_FOUND);
    return report;
  }
}
