import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { actionDecider, actionStreamId } from '#domain';
import { CommandExecutor } from '#command-handling';
import { planReference, requireReferences } from '../../shared/references.js';
import { CarryForwardActionCommand } from './carry-forward-action.command.js';

@CommandHandler(CarryForwardActionCommand)
export class CarryForwardActionHandler implements ICommandHandler<CarryForwardActionCommand> {
  constructor(private readonly commands: CommandExecutor) {}

  async execute({ actionId, expectedRevision, request, context }: CarryForwardActionCommand) {
    const { toPlanId, reason, effectiveAt } = request;
    await requireReferences(this.commands, [planReference('toPlanId', toPlanId)]);
    return this.commands.execute(
      actionDecider,
      {
        streamId: actionStreamId(actionId),
        id: actionId,
        expectedRevision,
        reason,
        effectiveAt,
        command: { type: 'CarryForwardAction', data: { actionId, toPlanId, reason, effectiveAt } },
      },
      context,
    );
  }
}
