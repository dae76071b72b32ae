import { Body, Controller, HttpCode, Param, Post, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { ApiUpdateResponses } from '../../http/api-docs.decorators.js';
import { CommentAddedDto } from '../../http/api-docs.dto.js';
import { ExpectedRevision } from '../../http/expected-revision.js';
import { IdParamPipe } from '../../http/id-param.pipe.js';
import { Write, type WriteContext } from '../../shared/write-context.js';
import { writeResponse } from '../../shared/write-response.js';
import { AddCommentCommand } from './add-comment.command.js';
import { AddCommentRequestDto } from './add-comment.request.dto.js';

@ApiTags('actions')
@Controller('actions')
export class AddCommentHttpController {
  constructor(private readonly commandBus: CommandBus) {}

  @Post(':actionId/comments')
  @HttpCode(201)
  @ApiOperation({
    summary: 'Add a progress comment to an action',
    description:
      'Set effectiveAt to when the comment was written, if that was earlier (a comment dated "January 2019").',
  })
  @ApiUpdateResponses({
    description: "Comment added; ETag is the new revision of the action, Location the comment's address",
    type: CommentAddedDto,
  })
  async addComment(
    @Param('actionId', IdParamPipe) actionId: string,
    @Body() request: AddCommentRequestDto,
    @ExpectedRevision() expectedRevision: number,
    @Write() context: WriteContext,
    @Res({ passthrough: true }) response: Response,
  ) {
    const result = await this.commandBus.execute(new AddCommentCommand(actionId, expectedRevision, request, context));
    return writeResponse(response, result, `/actions/${actionId}/comments/${result.commentId}`);
  }
}
