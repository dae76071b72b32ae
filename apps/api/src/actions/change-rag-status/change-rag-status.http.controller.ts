import { Body, Controller, HttpCode, Param, Post, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { ApiUpdateResponses } from '../../http/api-docs.decorators.js';
import { ExpectedRevision } from '../../http/expected-revision.js';
import { IdParamPipe } from '../../http/id-param.pipe.js';
import { Write, type WriteContext } from '../../shared/write-context.js';
import { writeResponse } from '../../shared/write-response.js';
import { ChangeRagStatusCommand } from './change-rag-status.command.js';
import { ChangeRagStatusRequestDto } from './change-rag-status.request.dto.js';

@ApiTags('actions')
@Controller('actions')
export class ChangeRagStatusHttpController {
  constructor(private readonly commandBus: CommandBus) {}

  @Post(':actionId/status')
  @HttpCode(200)
  @ApiOperation({
    summary: "Change an action's BRAG status",
    description:
      'Blue completes the action; another colour on a completed action reopens it. The same status appends nothing.',
  })
  @ApiUpdateResponses()
  async changeRagStatus(
    @Param('actionId', IdParamPipe) actionId: string,
    @Body() request: ChangeRagStatusRequestDto,
    @ExpectedRevision() expectedRevision: number,
    @Write() context: WriteContext,
    @Res({ passthrough: true }) response: Response,
  ) {
    return writeResponse(
      response,
      await this.commandBus.execute(new ChangeRagStatusCommand(actionId, expectedRevision, request, context)),
    );
  }
}
