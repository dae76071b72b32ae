import { Body, Controller, HttpCode, Param, Post, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { ApiUpdateResponses } from '../../http/api-docs.decorators.js';
import { ExpectedRevision } from '../../http/expected-revision.js';
import { IdParamPipe } from '../../http/id-param.pipe.js';
import { Write, type WriteContext } from '../../shared/write-context.js';
import { writeResponse } from '../../shared/write-response.js';
import { LinkRecommendationsCommand } from './link-recommendations.command.js';
import { LinkRecommendationsRequestDto } from './link-recommendations.request.dto.js';

@ApiTags('sources')
@Controller('recommendations')
export class LinkRecommendationsHttpController {
  constructor(private readonly commandBus: CommandBus) {}

  @Post(':recommendationId/link')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Record that two recommendations are one: this one joins survivorId',
    description:
      'For what no import rule decides. Records RecommendationsLinked on this recommendation (If-Match: its revision). ' +
      'From when it takes effect, the survivor’s history, evidence timeline and accountability counts include this one’s actions; ' +
      'a view of a day before shows them apart. 409 when this one is linked already, or the survivor has itself joined another.',
  })
  @ApiUpdateResponses()
  async linkRecommendations(
    @Param('recommendationId', IdParamPipe) recommendationId: string,
    @Body() request: LinkRecommendationsRequestDto,
    @ExpectedRevision() expectedRevision: number,
    @Write() context: WriteContext,
    @Res({ passthrough: true }) response: Response,
  ) {
    return writeResponse(
      response,
      await this.commandBus.execute(
        new LinkRecommendationsCommand(recommendationId, expectedRevision, request, context),
      ),
    );
  }
}
