import { Body, Controller, HttpCode, Param, Post, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { ApiUpdateResponses } from '../../http/api-docs.decorators.js';
import { ExpectedRevision } from '../../http/expected-revision.js';
import { IdParamPipe } from '../../http/id-param.pipe.js';
import { Write, type WriteContext } from '../../shared/write-context.js';
import { writeResponse } from '../../shared/write-response.js';
import { ReassignActionCommand } from './reassign-action.command.js';
import { ReassignActionRequestDto } from './reassign-action.request.dto.js';

@ApiTags('actions')
@Controller('actions')
export class ReassignActionHttpController {
  constructor(private readonly commandBus: CommandBus) {}

  @Post(':actionId/reassign')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Hand an action to a different lead officer',
    description: 'The same lead officer again appends nothing.',
  })
  @ApiUpdateResponses()
  async reassignAction(
    @Param('actionId', IdParamPipe) actionId: string,
    @Body() request: ReassignActionRequestDto,
    @ExpectedRevision() expectedRevision: number,
    @Write() context: WriteContext,
    @Res({ passthrough: true }) response: Response,
  ) {
    return writeResponse(
      response,
      await this.commandBus.execute(new ReassignActionCommand(actionId, expectedRevision, request, context)),
    );
  }
}
