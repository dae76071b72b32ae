import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { actionDecider, actionStreamId } from '#domain';
import { CommandExecutor } from '#command-handling';
import { AddCommentCommand } from './add-comment.command.js';

@CommandHandler(AddCommentCommand)
export class AddCommentHandler implements ICommandHandler<AddCommentCommand> {
  constructor(private readonly commands: CommandExecutor) {}

  async execute({ actionId, expectedRevision, request, context }: AddCommentCommand) {
    const commentId = context.newId('comment');
    const { text, effectiveAt } = request;
    const result = await this.commands.execute(
      actionDecider,
      {
        streamId: actionStreamId(actionId),
        id: actionId,
        expectedRevision,
        effectiveAt,
        command: { type: 'AddComment', data: { actionId, commentId, text, effectiveAt } },
      },
      context,
    );
    return { ...result, commentId };
  }
}
