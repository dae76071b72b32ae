import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { actionDecider, actionStreamId } from '#domain';
import { CommandExecutor } from '#command-handling';
import { ReassignActionCommand } from './reassign-action.command.js';

@CommandHandler(ReassignActionCommand)
export class ReassignActionHandler implements ICommandHandler<ReassignActionCommand> {
  constructor(private readonly commands: CommandExecutor) {}

  execute({ actionId, expectedRevision, request, context }: ReassignActionCommand) {
    const { to, reason, effectiveAt } = request;
    return this.commands.execute(
      actionDecider,
      {
        streamId: actionStreamId(actionId),
        id: actionId,
        expectedRevision,
        reason,
        effectiveAt,
        command: { type: 'ReassignAction', data: { actionId, to, reason, effectiveAt } },
      },
      context,
    );
  }
}
