import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { actionDecider, actionStreamId } from '#domain';
import { CommandExecutor } from '#command-handling';
import { CompleteActionCommand } from './complete-action.command.js';

@CommandHandler(CompleteActionCommand)
export class CompleteActionHandler implements ICommandHandler<CompleteActionCommand> {
  constructor(private readonly commands: CommandExecutor) {}

  execute({ actionId, expectedRevision, request, context }: CompleteActionCommand) {
    const { reason, effectiveAt } = request;
    return this.commands.execute(
      actionDecider,
      {
        streamId: actionStreamId(actionId),
        id: actionId,
        expectedRevision,
        reason,
        effectiveAt,
        command: { type: 'CompleteAction', data: { actionId, reason, effectiveAt } },
      },
      context,
    );
  }
}
