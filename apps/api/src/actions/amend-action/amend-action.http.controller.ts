import { Body, Controller, HttpCode, Param, Post, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { ApiUpdateResponses } from '../../http/api-docs.decorators.js';
import { ExpectedRevision } from '../../http/expected-revision.js';
import { IdParamPipe } from '../../http/id-param.pipe.js';
import { Write, type WriteContext } from '../../shared/write-context.js';
import { writeResponse } from '../../shared/write-response.js';
import { AmendActionCommand } from './amend-action.command.js';
import { AmendActionRequestDto } from './amend-action.request.dto.js';

@ApiTags('actions')
@Controller('actions')
export class AmendActionHttpController {
  constructor(private readonly commandBus: CommandBus) {}

  @Post(':actionId/amend')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Amend what an action says: its wording, measure, experience of children, section, ref, DLT lead or start',
    description: 'Only the fields sent change; a field set to what it already says changes nothing.',
  })
  @ApiUpdateResponses()
  async amendAction(
    @Param('actionId', IdParamPipe) actionId: string,
    @Body() request: AmendActionRequestDto,
    @ExpectedRevision() expectedRevision: number,
    @Write() context: WriteContext,
    @Res({ passthrough: true }) response: Response,
  ) {
    return writeResponse(
      response,
      await this.commandBus.execute(new AmendActionCommand(actionId, expectedRevision, request, context)),
    );
  }
}
