import { Body, Controller, HttpCode, Param, Post, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { ApiUpdateResponses } from '../../http/api-docs.decorators.js';
import { EvidenceAttachedDto } from '../../http/api-docs.dto.js';
import { ExpectedRevision } from '../../http/expected-revision.js';
import { IdParamPipe } from '../../http/id-param.pipe.js';
import { Write, type WriteContext } from '../../shared/write-context.js';
import { writeResponse } from '../../shared/write-response.js';
import { AttachEvidenceCommand } from './attach-evidence.command.js';
import { AttachEvidenceRequestDto } from './attach-evidence.request.dto.js';

@ApiTags('actions')
@Controller('actions')
export class AttachEvidenceHttpController {
  constructor(private readonly commandBus: CommandBus) {}

  @Post(':actionId/evidence')
  @HttpCode(201)
  @ApiOperation({
    summary: 'Attach evidence that an action was done: minutes, a training log, an audit result, a web page',
  })
  @ApiUpdateResponses({
    description: "Evidence attached; ETag is the new revision of the action, Location the evidence's address",
    type: EvidenceAttachedDto,
  })
  async attachEvidence(
    @Param('actionId', IdParamPipe) actionId: string,
    @Body() request: AttachEvidenceRequestDto,
    @ExpectedRevision() expectedRevision: number,
    @Write() context: WriteContext,
    @Res({ passthrough: true }) response: Response,
  ) {
    const result = await this.commandBus.execute(
      new AttachEvidenceCommand(actionId, expectedRevision, request, context),
    );
    return writeResponse(response, result, `/actions/${actionId}/evidence/${result.evidenceId}`);
  }
}
