import { Body, Controller, HttpCode, Param, Post, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { ApiUpdateResponses } from '../../http/api-docs.decorators.js';
import { ExpectedRevision } from '../../http/expected-revision.js';
import { IdParamPipe } from '../../http/id-param.pipe.js';
import { Write, type WriteContext } from '../../shared/write-context.js';
import { writeResponse } from '../../shared/write-response.js';
import { CompleteActionCommand } from './complete-action.command.js';
import { CompleteActionRequestDto } from './complete-action.request.dto.js';

@ApiTags('actions')
@Controller('actions')
export class CompleteActionHttpController {
  constructor(private readonly commandBus: CommandBus) {}

  @Post(':actionId/complete')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Mark an action as completed (blue)',
    description: 'Sets the BRAG status to blue. Completing a completed action appends nothing.',
  })
  @ApiUpdateResponses()
  async completeAction(
    @Param('actionId', IdParamPipe) actionId: string,
    @Body() request: CompleteActionRequestDto,
    @ExpectedRevision() expectedRevision: number,
    @Write() context: WriteContext,
    @Res({ passthrough: true }) response: Response,
  ) {
    return writeResponse(
      response,
      await this.commandBus.execute(new CompleteActionCommand(actionId, expectedRevision, request, context)),
    );
  }
}
