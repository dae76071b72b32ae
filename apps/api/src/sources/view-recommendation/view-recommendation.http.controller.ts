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
import { Page } from '../../web/page.decorator.js';
import { GetRecommendationHistoryQuery } from '../get-recommendation-history/get-recommendation-history.query.js';
import { GetRecommendationHistoryRequestDto } from '../get-recommendation-history/get-recommendation-history.request.dto.js';
import { viewRecommendationPage } from './view-recommendation.page.js';
import { RecommendationHistoryResponseDto } from '../get-recommendation-history/recommendation-history.response.js';
import { Reading } from '../../http/request-reading.js';
import type { ChildDataReading } from '#read-store';

/** A recommendation: the page a person reads (every action on it, plan by plan, and what happened); to the API, the same as its history. */
@ApiTags('sources')
@Controller('recommendations')
export class ViewRecommendationHttpController {
  constructor(
    private readonly queryBus: QueryBus,
    @Inject(CALENDAR) private readonly calendar: CalendarDays,
  ) {}

  @Get(':recommendationId')
  @UseInterceptors(ReadYourWritesInterceptor)
  @Page(viewRecommendationPage)
  @ApiOperation({
    summary: 'A recommendation, as GET /recommendations/:recommendationId/history answers; in a browser, its page',
  })
  @ApiOkResponse({
    description: 'The recommendation, its source, and its actions with their events',
    type: RecommendationHistoryResponseDto,
  })
  @ApiNotFoundResponse({ type: ProblemDto })
  async viewRecommendation(
    @Param('recommendationId', IdParamPipe) recommendationId: string,
    @QueryParams() request: GetRecommendationHistoryRequestDto,
    @Reading() reading: ChildDataReading | null,
  ) {
    const history = await this.queryBus.execute(
      new GetRecommendationHistoryQuery(reading, recommendationId, asItStood(request, this.calendar)),
    );
    if (!history)
      throw new HttpException(
        problem(
          HttpStatus.NOT_FOUND,
          request.asAt
            ? `No recommendation ${recommendationId} was recorded by ${request.asAt}`
            : `No such recommendation: ${recommendationId}`,
        ),
        HttpStatus.NOT_FOUND,
      );
    return history;
  }
}
