import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { planDecider, planStreamId } from '#domain';
import { CommandExecutor } from '#command-handling';
import { OpenPlanCommand } from './open-plan.command.js';

@CommandHandler(OpenPlanCommand)
export class OpenPlanHandler implements ICommandHandler<OpenPlanCommand> {
  constructor(private readonly commands: CommandExecutor) {}

  execute({ request, context }: OpenPlanCommand) {
    const planId = context.newId('plan');
    const { title, periodStart, periodEnd, owner, board, reviewFrequency } = request;
    return this.commands.execute(
      planDecider,
      {
        streamId: planStreamId(planId),
        id: planId,
        expectedRevision: 'new',
        command: {
          type: 'OpenPlan',
          data: {
            planId,
            title,
            periodStart,
            periodEnd,
            owner: owner ?? null,
            board: board ?? null,
            reviewFrequency: reviewFrequency ?? null,
          },
        },
      },
      context,
    );
  }
}
