import { Controller, Get, UseInterceptors } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ReadYourWritesInterceptor } from '../../http/read-your-writes.interceptor.js';
import { Page } from '../../web/page.decorator.js';
import { ListPlansQuery } from './list-plans.query.js';
import { listPlansPage } from './list-plans.page.js';
import { PlanSummaryDto } from './plan-list.response.js';
import { Reading } from '../../http/request-reading.js';
import type { ChildDataReading } from '#read-store';

@ApiTags('plans')
@Controller('plans')
export class ListPlansHttpController {
  constructor(private readonly queryBus: QueryBus) {}

  /** JSON for the API; in a browser, the page of plans. */
  @Get()
  @UseInterceptors(ReadYourWritesInterceptor)
  @Page(listPlansPage)
  @ApiOperation({
    summary:
      'Every plan: its period, owner and board, and its actions counted by BRAG status, overdue and retained for oversight',
  })
  @ApiOkResponse({ description: 'The plans, newest period first', type: PlanSummaryDto, isArray: true })
  listPlans(@Reading() reading: ChildDataReading | null) {
    return this.queryBus.execute(new ListPlansQuery(reading));
  }
}
