import { sourceKindsNamed } from '#domain';
import { Controller, Get, Query as QueryParams, UseInterceptors } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBadRequestResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ProblemDto } from '../../http/api-docs.dto.js';
import { ReadYourWritesInterceptor } from '../../http/read-your-writes.interceptor.js';
import { Page } from '../../web/page.decorator.js';
import { GetAccountabilityQuery } from './get-accountability.query.js';
import { GetAccountabilityRequestDto } from './get-accountability.request.dto.js';
import { getAccountabilityPage, type AccountabilityAnswer } from './get-accountability.page.js';
import { AccountabilityResponseDto } from './accountability.response.js';
import { Reading } from '../../http/request-reading.js';
import type { ChildDataReading } from '#read-store';

const SUMMARY =
  'Accountability to each source, grouped by kind: its recommendations and actions, how many are complete, stuck (red), overdue or withdrawn, its actions by BRAG status, the plans they are in, and when any last moved';

/** Accountability to each source: JSON for the API; in a browser, the Sources page (at either address). */
@ApiTags('sources')
@Controller('sources')
export class GetAccountabilityHttpController {
  constructor(private readonly queryBus: QueryBus) {}

  @Get()
  @UseInterceptors(ReadYourWritesInterceptor)
  @Page(getAccountabilityPage)
  @ApiOperation({
    summary: `${SUMMARY}; in a browser, the Sources page. The same answer as GET /sources/accountability`,
  })
  @ApiOkResponse({ description: 'The sources grouped by kind', type: AccountabilityResponseDto })
  @ApiBadRequestResponse({ description: 'An unknown kind of source', type: ProblemDto })
  listSources(
    @QueryParams() request: GetAccountabilityRequestDto,
    @Reading() reading: ChildDataReading | null,
  ): Promise<AccountabilityAnswer> {
    return this.getAccountability(request, reading);
  }

  @Get('accountability')
  @UseInterceptors(ReadYourWritesInterceptor)
  @Page(getAccountabilityPage)
  @ApiOperation({ summary: SUMMARY })
  @ApiOkResponse({ description: 'The sources grouped by kind', type: AccountabilityResponseDto })
  @ApiBadRequestResponse({ description: 'An unknown kind of source', type: ProblemDto })
  async getAccountability(
    @QueryParams() request: GetAccountabilityRequestDto,
    @Reading() reading: ChildDataReading | null,
  ): Promise<AccountabilityAnswer> {
    return {
      groups: await this.queryBus.execute(
        new GetAccountabilityQuery(reading, request.kind ? sourceKindsNamed(request.kind) : undefined),
      ),
    };
  }
}
