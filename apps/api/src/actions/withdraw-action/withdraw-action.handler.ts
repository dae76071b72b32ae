import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { actionDecider, actionStreamId } from '#domain';
import { CommandExecutor } from '#command-handling';
import { WithdrawActionCommand } from './withdraw-action.command.js';

@CommandHandler(WithdrawActionCommand)
export class WithdrawActionHandler implements ICommandHandler<WithdrawActionCommand> {
  constructor(private readonly commands: CommandExecutor) {}

  execute({ actionId, expectedRevision, request, context }: WithdrawActionCommand) {
    const { reason, effectiveAt } = request;
    return this.commands.execute(
      actionDecider,
      {
        streamId: actionStreamId(actionId),
        id: actionId,
        expectedRevision,
        reason,
        effectiveAt,
        command: { type: 'WithdrawAction', data: { actionId, reason, effectiveAt } },
      },
      context,
    );
  }
}
