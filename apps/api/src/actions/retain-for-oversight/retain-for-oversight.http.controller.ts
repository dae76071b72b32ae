import { Body, Controller, HttpCode, Param, Post, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { ApiUpdateResponses } from '../../http/api-docs.decorators.js';
import { ExpectedRevision } from '../../http/expected-revision.js';
import { IdParamPipe } from '../../http/id-param.pipe.js';
import { Write, type WriteContext } from '../../shared/write-context.js';
import { writeResponse } from '../../shared/write-response.js';
import { RetainForOversightCommand } from './retain-for-oversight.command.js';
import { RetainForOversightRequestDto } from './retain-for-oversight.request.dto.js';

@ApiTags('actions')
@Controller('actions')
export class RetainForOversightHttpController {
  constructor(private readonly commandBus: CommandBus) {}

  @Post(':actionId/retain')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Keep a completed action in the live plan to retain oversight',
    description:
      'Only a completed action can be retained (409 otherwise); it stays completed and visible in the plan, as Ofsted recommendations are kept "to retain oversight".',
  })
  @ApiUpdateResponses()
  async retainForOversight(
    @Param('actionId', IdParamPipe) actionId: string,
    @Body() request: RetainForOversightRequestDto,
    @ExpectedRevision() expectedRevision: number,
    @Write() context: WriteContext,
    @Res({ passthrough: true }) response: Response,
  ) {
    return writeResponse(
      response,
      await this.commandBus.execute(new RetainForOversightCommand(actionId, expectedRevision, request, context)),
    );
  }
}
