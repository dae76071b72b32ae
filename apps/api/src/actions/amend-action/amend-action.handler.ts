import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { actionDecider, actionStreamId } from '#domain';
import { CommandExecutor } from '#command-handling';
import { AmendActionCommand } from './amend-action.command.js';
import { toAmendments } from './amend-action.request.dto.js';

@CommandHandler(AmendActionCommand)
export class AmendActionHandler implements ICommandHandler<AmendActionCommand> {
  constructor(private readonly commands: CommandExecutor) {}

  execute({ actionId, expectedRevision, request, context }: AmendActionCommand) {
    const { changes, reason, effectiveAt } = request;
    return this.commands.execute(
      actionDecider,
      {
        streamId: actionStreamId(actionId),
        id: actionId,
        expectedRevision,
        reason,
        effectiveAt,
        command: { type: 'AmendAction', data: { actionId, changes: toAmendments(changes), reason, effectiveAt } },
      },
      context,
    );
  }
}
