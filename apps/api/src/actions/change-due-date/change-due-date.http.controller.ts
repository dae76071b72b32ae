import { Body, Controller, HttpCode, Param, Post, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { ApiUpdateResponses } from '../../http/api-docs.decorators.js';
import { ExpectedRevision } from '../../http/expected-revision.js';
import { IdParamPipe } from '../../http/id-param.pipe.js';
import { Write, type WriteContext } from '../../shared/write-context.js';
import { writeResponse } from '../../shared/write-response.js';
import { ChangeDueDateCommand } from './change-due-date.command.js';
import { ChangeDueDateRequestDto } from './change-due-date.request.dto.js';

@ApiTags('actions')
@Controller('actions')
export class ChangeDueDateHttpController {
  constructor(private readonly commandBus: CommandBus) {}

  @Post(':actionId/due-date')
  @HttpCode(200)
  @ApiOperation({
    summary: "Move an action's due date",
    description: 'The original due date is kept, so slippage stays visible. The same due date again appends nothing.',
  })
  @ApiUpdateResponses()
  async changeDueDate(
    @Param('actionId', IdParamPipe) actionId: string,
    @Body() request: ChangeDueDateRequestDto,
    @ExpectedRevision() expectedRevision: number,
    @Write() context: WriteContext,
    @Res({ passthrough: true }) response: Response,
  ) {
    return writeResponse(
      response,
      await this.commandBus.execute(new ChangeDueDateCommand(actionId, expectedRevision, request, context)),
    );
  }
}
