import { Body, Controller, HttpCode, Param, Post, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { AllowRoles } from '../../auth/auth.decorators.js';
import { ApiUpdateResponses } from '../../http/api-docs.decorators.js';
import { ExpectedRevision } from '../../http/expected-revision.js';
import { IdParamPipe } from '../../http/id-param.pipe.js';
import { Write, type WriteContext } from '../../shared/write-context.js';
import { writeResponse } from '../../shared/write-response.js';
import { RedactRecommendationTextCommand } from './redact-recommendation-text.command.js';
import { RedactRecommendationTextRequestDto } from './redact-recommendation-text.request.dto.js';

/** Removing personal data from a recommendation's words: admins only. */
@ApiTags('sources')
@Controller('recommendations')
@AllowRoles('admin')
export class RedactRecommendationTextHttpController {
  constructor(private readonly commandBus: CommandBus) {}

  @Post(':recommendationId/redact')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Remove the words of a recommendation, and of every plan’s restatement of it (personal data)',
    description:
      'Records a Redacted event on the recommendation (If-Match: its revision), destroys the data key its text and every restatement were sealed under, and removes them from every read model, export and stored response: from then on every view shows "[removed on <date> by <who>: <reason>]" where they were. Its level, reference, links and actions stay, and `oversight verify` still holds. 409 when its words were removed already. Admins only.',
  })
  @ApiUpdateResponses()
  async redactRecommendation(
    @Param('recommendationId', IdParamPipe) recommendationId: string,
    @Body() request: RedactRecommendationTextRequestDto,
    @ExpectedRevision() expectedRevision: number,
    @Write() context: WriteContext,
    @Res({ passthrough: true }) response: Response,
  ) {
    return writeResponse(
      response,
      await this.commandBus.execute(
        new RedactRecommendationTextCommand(recommendationId, expectedRevision, request, context),
      ),
    );
  }
}
