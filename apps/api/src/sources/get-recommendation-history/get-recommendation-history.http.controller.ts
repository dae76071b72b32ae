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
import { asItStood } from '../../http/read-query.dto.js';
import { ReadYourWritesInterceptor } from '../../http/read-your-writes.interceptor.js';
import { GetRecommendationHistoryQuery } from './get-recommendation-history.query.js';
import { GetRecommendationHistoryRequestDto } from './get-recommendation-history.request.dto.js';
import { RecommendationHistoryResponseDto } from './recommendation-history.response.js';
import { Reading } from '../../http/request-reading.js';
import type { ChildDataReading } from '#read-store';

@ApiTags('sources')
@Controller('recommendations')
export class GetRecommendationHistoryHttpController {
  constructor(
    private readonly queryBus: QueryBus,
    @Inject(CALENDAR) private readonly calendar: CalendarDays,
  ) {}

  @Get(':recommendationId/history')
  @UseInterceptors(ReadYourWritesInterceptor)
  @ApiOperation({
    summary:
      "A recommendation's whole history: its source, every action taken on it in every plan, and every change to each, in order; or as far as it went at a moment (asOf, asAt)",
  })
  @ApiOkResponse({
    description: 'The recommendation, its source, and its actions with their events',
    type: RecommendationHistoryResponseDto,
  })
  @ApiNotFoundResponse({ type: ProblemDto })
  async getRecommendationHistory(
    @Param('recommendationId', IdParamPipe) recommendationId: string,
    @QueryParams() request: GetRecommendationHistoryRequestDto,
    @Reading() reading: ChildDataReading | null,
  ) {
    const history = await this.queryBus.execute(
      new GetRecommendationHistoryQuery(reading, recommendationId, asItStood(request, this.calendar)),
    );
    if (!history)
      throw new HttpException(
        problem(HttpStatus.NOT_FOUND, `No such recommendation: ${recommendationId}`),
        HttpStatus.NOT_FOUND,
      );
    return history;
  }
}
