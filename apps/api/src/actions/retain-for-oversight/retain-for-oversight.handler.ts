import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { actionDecider, actionStreamId } from '#domain';
import { CommandExecutor } from '#command-handling';
import { RetainForOversightCommand } from './retain-for-oversight.command.js';

@CommandHandler(RetainForOversightCommand)
export class RetainForOversightHandler implements ICommandHandler<RetainForOversightCommand> {
  constructor(private readonly commands: CommandExecutor) {}

  execute({ actionId, expectedRevision, request, context }: RetainForOversightCommand) {
    const { reason, effectiveAt } = request;
    return this.commands.execute(
      actionDecider,
      {
        streamId: actionStreamId(actionId),
        id: actionId,
        expectedRevision,
        reason,
        effectiveAt,
        command: { type: 'RetainForOversight', data: { actionId, reason, effectiveAt } },
      },
      context,
    );
  }
}
