import { Body, Controller, HttpCode, Param, Post, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { ApiUpdateResponses } from '../../http/api-docs.decorators.js';
import { ExpectedRevision } from '../../http/expected-revision.js';
import { IdParamPipe } from '../../http/id-param.pipe.js';
import { Write, type WriteContext } from '../../shared/write-context.js';
import { writeResponse } from '../../shared/write-response.js';
import { UnlinkRecommendationsCommand } from './unlink-recommendations.command.js';
import { UnlinkRecommendationsRequestDto } from './unlink-recommendations.request.dto.js';

@ApiTags('sources')
@Controller('recommendations')
export class UnlinkRecommendationsHttpController {
  constructor(private readonly commandBus: CommandBus) {}

  @Post(':recommendationId/unlink')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Undo a link: this recommendation, which joined another, is apart again',
    description:
      'Records RecommendationsUnlinked on the recommendation that joined (If-Match: its revision); the link stays in its history. 409 when it is not linked.',
  })
  @ApiUpdateResponses()
  async unlinkRecommendations(
    @Param('recommendationId', IdParamPipe) recommendationId: string,
    @Body() request: UnlinkRecommendationsRequestDto,
    @ExpectedRevision() expectedRevision: number,
    @Write() context: WriteContext,
    @Res({ passthrough: true }) response: Response,
  ) {
    return writeResponse(
      response,
      await this.commandBus.execute(
        new UnlinkRecommendationsCommand(recommendationId, expectedRevision, request, context),
      ),
    );
  }
}
