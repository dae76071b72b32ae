import { Body, Controller, HttpCode, Param, Post, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { ApiUpdateResponses } from '../../http/api-docs.decorators.js';
import { ExpectedRevision } from '../../http/expected-revision.js';
import { IdParamPipe } from '../../http/id-param.pipe.js';
import { Write, type WriteContext } from '../../shared/write-context.js';
import { writeResponse } from '../../shared/write-response.js';
import { CarryForwardActionCommand } from './carry-forward-action.command.js';
import { CarryForwardActionRequestDto } from './carry-forward-action.request.dto.js';

@ApiTags('actions')
@Controller('actions')
export class CarryForwardActionHttpController {
  constructor(private readonly commandBus: CommandBus) {}

  @Post(':actionId/carry-forward')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Carry an unfinished action forward into a later plan',
    description: 'Its current plan again appends nothing; a plan it has already been through is refused (400).',
  })
  @ApiUpdateResponses()
  async carryForwardAction(
    @Param('actionId', IdParamPipe) actionId: string,
    @Body() request: CarryForwardActionRequestDto,
    @ExpectedRevision() expectedRevision: number,
    @Write() context: WriteContext,
    @Res({ passthrough: true }) response: Response,
  ) {
    return writeResponse(
      response,
      await this.commandBus.execute(new CarryForwardActionCommand(actionId, expectedRevision, request, context)),
    );
  }
}
