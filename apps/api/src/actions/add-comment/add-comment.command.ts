import { Command } from '@nestjs/cqrs';
import type { WriteResult } from '#command-handling';
import type { WriteContext } from '../../shared/write-context.js';
import type { AddCommentRequestDto } from './add-comment.request.dto.js';

/** The action's write result, and the id of what was added to it. */
export type CommentAddedResult = WriteResult & { commentId: string };

export class AddCommentCommand extends Command<CommentAddedResult> {
  constructor(
    readonly actionId: string,
    readonly expectedRevision: number,
    readonly request: AddCommentRequestDto,
    readonly context: WriteContext,
  ) {
    super();
  }
}
