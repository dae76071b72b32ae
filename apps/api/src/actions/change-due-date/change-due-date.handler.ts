import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { actionDecider, actionStreamId } from '#domain';
import { toDateOrText } from '../../http/date-or-text.dto.js';
import { CommandExecutor } from '#command-handling';
import { ChangeDueDateCommand } from './change-due-date.command.js';

@CommandHandler(ChangeDueDateCommand)
export class ChangeDueDateHandler implements ICommandHandler<ChangeDueDateCommand> {
  constructor(private readonly commands: CommandExecutor) {}

  execute({ actionId, expectedRevision, request, context }: ChangeDueDateCommand) {
    const { to, reason, effectiveAt } = request;
    return this.commands.execute(
      actionDecider,
      {
        streamId: actionStreamId(actionId),
        id: actionId,
        expectedRevision,
        reason,
        effectiveAt,
        command: { type: 'ChangeDueDate', data: { actionId, to: toDateOrText(to), reason, effectiveAt } },
      },
      context,
    );
  }
}
