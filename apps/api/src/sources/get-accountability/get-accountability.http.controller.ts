import { Controller, Get, Query as QueryParams, UseInterceptors } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBadRequestResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ProblemDto } from '../../http/api-docs.dto.js';
import { ReadYourWritesInterceptor } from '../../http/read-your-writes.interceptor.js';
import { GetAccountabilityQuery } from './get-accountability.query.js';
import { GetAccountabilityRequestDto } from './get-accountability.request.dto.js';

@ApiTags('sources')
@Controller('sources')
export class GetAccountabilityHttpController {
  constructor(private readonly queryBus: QueryBus) {}

  @Get('accountability')
  @UseInterceptors(ReadYourWritesInterceptor)
  @ApiOperation({
    summary: 'Accountability to each source, grouped by kind: its recommendations and actions, how many are complete, stuck (red), overdue or withdrawn, and when any last moved',
  })
  @ApiOkResponse({ description: 'The sources grouped by kind' })
  @ApiBadRequestResponse({ description: 'An unknown kind of source', type: ProblemDto })
  async getAccountability(@QueryParams() request: GetAccountabilityRequestDto) {
    return { groups: await this.queryBus.execute(new GetAccountabilityQuery(request)) };
  }
}
