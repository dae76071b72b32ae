import { Body, Controller, HttpCode, Param, Post, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { AllowRoles } from '../../auth/auth.decorators.js';
import { ApiUpdateResponses } from '../../http/api-docs.decorators.js';
import { ExpectedRevision } from '../../http/expected-revision.js';
import { IdParamPipe } from '../../http/id-param.pipe.js';
import { Write, type WriteContext } from '../../shared/write-context.js';
import { writeResponse } from '../../shared/write-response.js';
import { RedactActionTextCommand } from './redact-action-text.command.js';
import { RedactActionTextRequestDto } from './redact-action-text.request.dto.js';

const REMOVES =
  'Records a Redacted event (who, when, why, which field), destroys the data key the words were sealed under, and removes them from every read model, export and stored response: from then on every view shows "[removed on <date> by <who>: <reason>]" where they were. The rest of the history stays, and `oversight verify` still holds. Admins only.';

/** Removing personal data from an action's comments, wording and evidence: admins only. */
@ApiTags('actions')
@Controller('actions')
@AllowRoles('admin')
export class RedactActionTextHttpController {
  constructor(private readonly commandBus: CommandBus) {}

  @Post(':actionId/comments/:commentId/redact')
  @HttpCode(200)
  @ApiOperation({ summary: 'Remove the words of a progress comment (personal data)', description: REMOVES })
  @ApiUpdateResponses()
  redactComment(
    @Param('actionId', IdParamPipe) actionId: string,
    @Param('commentId', IdParamPipe) commentId: string,
    @Body() request: RedactActionTextRequestDto,
    @ExpectedRevision() expectedRevision: number,
    @Write() context: WriteContext,
    @Res({ passthrough: true }) response: Response,
  ) {
    return this.redact(
      new RedactActionTextCommand(actionId, 'comment', commentId, expectedRevision, request, context),
      response,
    );
  }

  @Post(':actionId/wording/redact')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Remove the action’s wording: description, success measure, experience of children (personal data)',
    description: `${REMOVES} An amendment afterwards gives new wording.`,
  })
  @ApiUpdateResponses()
  redactWording(
    @Param('actionId', IdParamPipe) actionId: string,
    @Body() request: RedactActionTextRequestDto,
    @ExpectedRevision() expectedRevision: number,
    @Write() context: WriteContext,
    @Res({ passthrough: true }) response: Response,
  ) {
    return this.redact(
      new RedactActionTextCommand(actionId, 'action', actionId, expectedRevision, request, context),
      response,
    );
  }

  @Post(':actionId/reasons/redact')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Remove the reasons given for the action’s changes (personal data)',
    description: `${REMOVES} Every reason on the action goes, except those of its comments and evidence (removed with them) and of its imports. Reasons given afterwards are kept until removed in turn.`,
  })
  @ApiUpdateResponses()
  redactReasons(
    @Param('actionId', IdParamPipe) actionId: string,
    @Body() request: RedactActionTextRequestDto,
    @ExpectedRevision() expectedRevision: number,
    @Write() context: WriteContext,
    @Res({ passthrough: true }) response: Response,
  ) {
    return this.redact(
      new RedactActionTextCommand(actionId, 'reasons', actionId, expectedRevision, request, context),
      response,
    );
  }

  @Post(':actionId/evidence/:evidenceId/redact')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Remove an evidence item’s title, location and file name (personal data)',
    description: `${REMOVES} A document kept by the service is not deleted: only the words naming it are removed.`,
  })
  @ApiUpdateResponses()
  redactEvidence(
    @Param('actionId', IdParamPipe) actionId: string,
    @Param('evidenceId', IdParamPipe) evidenceId: string,
    @Body() request: RedactActionTextRequestDto,
    @ExpectedRevision() expectedRevision: number,
    @Write() context: WriteContext,
    @Res({ passthrough: true }) response: Response,
  ) {
    return this.redact(
      new RedactActionTextCommand(actionId, 'evidence', evidenceId, expectedRevision, request, context),
      response,
    );
  }

  private async redact(command: RedactActionTextCommand, response: Response) {
    return writeResponse(response, await this.commandBus.execute(command));
  }
}
