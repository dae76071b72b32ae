import {
  Controller,
  Get,
  HttpException,
  HttpStatus,
  Param,
  Query as QueryParams,
  UseInterceptors,
} from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { KnownKind } from '#read-store';
import { ProblemDto } from '../../http/api-docs.dto.js';
import { IdParamPipe } from '../../http/id-param.pipe.js';
import { problem } from '../../http/problem.js';
import { ReadYourWritesInterceptor } from '../../http/read-your-writes.interceptor.js';
import { GetEvidenceTimelineQuery } from './get-evidence-timeline.query.js';
import { GetEvidenceTimelineRequestDto } from './get-evidence-timeline.request.dto.js';
import { EvidenceTimelineResponseDto } from './evidence-timeline.response.js';
import { Reading } from '../../http/request-reading.js';
import type { ChildDataReading } from '#read-store';

const TIMELINE_OK =
  'Comments, evidence and status changes (RAG, completed, retained, reopened), in order of when they took effect';

/** The evidence timeline of an action, of every action on a recommendation, or of every action from a source. */
@ApiTags('actions')
@Controller('')
export class GetEvidenceTimelineHttpController {
  constructor(private readonly queryBus: QueryBus) {}

  @Get('actions/:actionId/timeline')
  @UseInterceptors(ReadYourWritesInterceptor)
  @ApiOperation({ summary: "An action's evidence timeline: comments, evidence and status changes in order of effect" })
  @ApiOkResponse({ description: TIMELINE_OK, type: EvidenceTimelineResponseDto })
  @ApiNotFoundResponse({ type: ProblemDto })
  getActionTimeline(
    @Param('actionId', IdParamPipe) actionId: string,
    @QueryParams() _request: GetEvidenceTimelineRequestDto,
    @Reading() reading: ChildDataReading | null,
  ) {
    return this.timeline(reading, 'action', actionId);
  }

  @Get('recommendations/:recommendationId/timeline')
  @UseInterceptors(ReadYourWritesInterceptor)
  @ApiOperation({ summary: 'The evidence timeline of every action on a recommendation, in order of effect' })
  @ApiOkResponse({ description: TIMELINE_OK, type: EvidenceTimelineResponseDto })
  @ApiNotFoundResponse({ type: ProblemDto })
  getRecommendationTimeline(
    @Param('recommendationId', IdParamPipe) recommendationId: string,
    @QueryParams() _request: GetEvidenceTimelineRequestDto,
    @Reading() reading: ChildDataReading | null,
  ) {
    return this.timeline(reading, 'recommendation', recommendationId);
  }

  @Get('sources/:sourceId/timeline')
  @UseInterceptors(ReadYourWritesInterceptor)
  @ApiOperation({ summary: 'The evidence timeline of every action from a source, in order of effect' })
  @ApiOkResponse({ description: TIMELINE_OK, type: EvidenceTimelineResponseDto })
  @ApiNotFoundResponse({ type: ProblemDto })
  getSourceTimeline(
    @Param('sourceId', IdParamPipe) sourceId: string,
    @QueryParams() _request: GetEvidenceTimelineRequestDto,
    @Reading() reading: ChildDataReading | null,
  ) {
    return this.timeline(reading, 'source', sourceId);
  }

  private async timeline(reading: ChildDataReading | null, of: KnownKind, id: string) {
    const entries = await this.queryBus.execute(new GetEvidenceTimelineQuery(reading, of, id));
    if (!entries) throw new HttpException(problem(HttpStatus.NOT_FOUND, `No such ${of}: ${id}`), HttpStatus.NOT_FOUND);
    return { entries };
  }
}
