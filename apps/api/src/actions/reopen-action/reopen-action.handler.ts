import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { actionDecider, actionStreamId } from '#domain';
import { CommandExecutor } from '#command-handling';
import { ReopenActionCommand } from './reopen-action.command.js';

@CommandHandler(ReopenActionCommand)
export class ReopenActionHandler implements ICommandHandler<ReopenActionCommand> {
  constructor(private readonly commands: CommandExecutor) {}

  execute({ actionId, expectedRevision, request, context }: ReopenActionCommand) {
    const { status, reason, effectiveAt } = request;
    return this.commands.execute(
      actionDecider,
      {
        streamId: actionStreamId(actionId),
        id: actionId,
        expectedRevision,
        reason,
        effectiveAt,
        command: { type: 'ReopenAction', data: { actionId, status, reason, effectiveAt } },
      },
      context,
    );
  }
}
