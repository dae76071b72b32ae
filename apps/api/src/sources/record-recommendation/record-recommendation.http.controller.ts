import { Body, Controller, Param, Post, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { ApiCreateResponses } from '../../http/api-docs.decorators.js';
import { IdParamPipe } from '../../http/id-param.pipe.js';
import { Write, type WriteContext } from '../../shared/write-context.js';
import { writeResponse } from '../../shared/write-response.js';
import { RecordRecommendationCommand } from './record-recommendation.command.js';
import { RecordRecommendationRequestDto } from './record-recommendation.request.dto.js';

@ApiTags('sources')
@Controller('sources')
export class RecordRecommendationHttpController {
  constructor(private readonly commandBus: CommandBus) {}

  @Post(':sourceId/recommendations')
  @ApiOperation({ summary: 'Record a recommendation a source made, in its own words' })
  @ApiCreateResponses('The recommendation')
  async recordRecommendation(
    @Param('sourceId', IdParamPipe) sourceId: string,
    @Body() request: RecordRecommendationRequestDto,
    @Write() context: WriteContext,
    @Res({ passthrough: true }) response: Response,
  ) {
    const result = await this.commandBus.execute(new RecordRecommendationCommand(sourceId, request, context));
    return writeResponse(response, result, `/recommendations/${result.id}`);
  }
}
