import {
  Controller,
  Get,
  HttpException,
  HttpStatus,
  Inject,
  Param,
  Query as QueryParams,
  Res,
  UseInterceptors,
} from '@nestjs/common';
import type { CalendarDays } from '#domain';
import { CALENDAR } from '../../infrastructure/calendar.token.js';
import { QueryBus } from '@nestjs/cqrs';
import { ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { ProblemDto } from '../../http/api-docs.dto.js';
import { etagOf } from '../../http/expected-revision.js';
import { IdParamPipe } from '../../http/id-param.pipe.js';
import { problem } from '../../http/problem.js';
import { AsItStoodQueryDto, asItStood } from '../../http/read-query.dto.js';
import { ReadYourWritesInterceptor } from '../../http/read-your-writes.interceptor.js';
import { Page } from '../../web/page.decorator.js';
import { GetActionQuery } from './get-action.query.js';
import { getActionPage } from './get-action.page.js';
import { ActionViewDto } from '../../plans/get-plan-state/plan-state.response.js';
import { Reading } from '../../http/request-reading.js';
import type { ChildDataReading } from '#read-store';

@ApiTags('actions')
@Controller('actions')
export class GetActionHttpController {
  constructor(
    private readonly queryBus: QueryBus,
    @Inject(CALENDAR) private readonly calendar: CalendarDays,
  ) {}

  @Get(':actionId')
  @UseInterceptors(ReadYourWritesInterceptor)
  @Page(getActionPage)
  @ApiOperation({
    summary: 'An action as it stands now (its ETag is the revision to send as If-Match), or as it stood (asOf, asAt)',
  })
  @ApiOkResponse({ description: 'The action; ETag is its revision', type: ActionViewDto })
  @ApiNotFoundResponse({ type: ProblemDto })
  async getAction(
    @Param('actionId', IdParamPipe) actionId: string,
    @QueryParams() query: AsItStoodQueryDto,
    @Reading() reading: ChildDataReading | null,
    @Res({ passthrough: true }) response: Response,
  ) {
    const action = await this.queryBus.execute(new GetActionQuery(reading, actionId, asItStood(query, this.calendar)));
    if (!action)
      throw new HttpException(
        problem(
          HttpStatus.NOT_FOUND,
          query.asOf || query.asAt ? `Action ${actionId} did not exist then` : `No such action: ${actionId}`,
        ),
        HttpStatus.NOT_FOUND,
      );
    response.setHeader('ETag', etagOf(action.revision));
    return action;
  }
}
