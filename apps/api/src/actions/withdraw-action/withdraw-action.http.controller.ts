import { Body, Controller, HttpCode, Param, Post, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { ApiUpdateResponses } from '../../http/api-docs.decorators.js';
import { ExpectedRevision } from '../../http/expected-revision.js';
import { IdParamPipe } from '../../http/id-param.pipe.js';
import { Write, type WriteContext } from '../../shared/write-context.js';
import { writeResponse } from '../../shared/write-response.js';
import { WithdrawActionCommand } from './withdraw-action.command.js';
import { WithdrawActionRequestDto } from './withdraw-action.request.dto.js';

@ApiTags('actions')
@Controller('actions')
export class WithdrawActionHttpController {
  constructor(private readonly commandBus: CommandBus) {}

  @Post(':actionId/withdraw')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Withdraw an action that will not be done',
    description: 'A withdrawn action stays in the record but can no longer be changed (409).',
  })
  @ApiUpdateResponses()
  async withdrawAction(
    @Param('actionId', IdParamPipe) actionId: string,
    @Body() request: WithdrawActionRequestDto,
    @ExpectedRevision() expectedRevision: number,
    @Write() context: WriteContext,
    @Res({ passthrough: true }) response: Response,
  ) {
    return writeResponse(
      response,
      await this.commandBus.execute(new WithdrawActionCommand(actionId, expectedRevision, request, context)),
    );
  }
}
