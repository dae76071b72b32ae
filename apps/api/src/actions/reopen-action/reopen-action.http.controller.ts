import { Body, Controller, HttpCode, Param, Post, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { ApiUpdateResponses } from '../../http/api-docs.decorators.js';
import { ExpectedRevision } from '../../http/expected-revision.js';
import { IdParamPipe } from '../../http/id-param.pipe.js';
import { Write, type WriteContext } from '../../shared/write-context.js';
import { writeResponse } from '../../shared/write-response.js';
import { ReopenActionCommand } from './reopen-action.command.js';
import { ReopenActionRequestDto } from './reopen-action.request.dto.js';

@ApiTags('actions')
@Controller('actions')
export class ReopenActionHttpController {
  constructor(private readonly commandBus: CommandBus) {}

  @Post(':actionId/reopen')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Reopen a completed action, saying what its status now is',
    description:
      'Only a completed action can be reopened (409 otherwise); reopening also ends its retention for oversight.',
  })
  @ApiUpdateResponses()
  async reopenAction(
    @Param('actionId', IdParamPipe) actionId: string,
    @Body() request: ReopenActionRequestDto,
    @ExpectedRevision() expectedRevision: number,
    @Write() context: WriteContext,
    @Res({ passthrough: true }) response: Response,
  ) {
    return writeResponse(
      response,
      await this.commandBus.execute(new ReopenActionCommand(actionId, expectedRevision, request, context)),
    );
  }
}
