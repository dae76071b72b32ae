import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { actionDecider, actionStreamId } from '#domain';
import { CommandExecutor } from '#command-handling';
import { ChangeRagStatusCommand } from './change-rag-status.command.js';

@CommandHandler(ChangeRagStatusCommand)
export class ChangeRagStatusHandler implements ICommandHandler<ChangeRagStatusCommand> {
  constructor(private readonly commands: CommandExecutor) {}

  execute({ actionId, expectedRevision, request, context }: ChangeRagStatusCommand) {
    const { to, reason, effectiveAt } = request;
    return this.commands.execute(
      actionDecider,
      {
        streamId: actionStreamId(actionId),
        id: actionId,
        expectedRevision,
        reason,
        effectiveAt,
        command: { type: 'ChangeRagStatus', data: { actionId, to, reason, effectiveAt } },
      },
      context,
    );
  }
}
