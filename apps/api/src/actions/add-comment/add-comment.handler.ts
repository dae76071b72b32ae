import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { actionDecider, actionStreamId } from '#domain';
import type { EventStore } from '#event-store';
import { EVENT_STORE } from '../../infrastructure/event-store.token.js';
import { executeDecision } from '../../shared/execute-decision.js';
import { AddCommentCommand } from './add-comment.command.js';

@CommandHandler(AddCommentCommand)
export class AddCommentHandler implements ICommandHandler<AddCommentCommand> {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async execute({ actionId, expectedRevision, request, context }: AddCommentCommand) {
    const commentId = context.newId('comment');
    const { text, effectiveAt } = request;
    const result = await executeDecision(
      this.store,
      actionDecider,
      { streamId: actionStreamId(actionId), id: actionId, expectedRevision, effectiveAt, command: { type: 'AddComment', data: { actionId, commentId, text, effectiveAt } } },
      context,
    );
    return { ...result, commentId };
  }
}
