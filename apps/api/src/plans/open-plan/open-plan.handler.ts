import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { planDecider, planStreamId } from '#domain';
import type { EventStore } from '#event-store';
import { EVENT_STORE } from '../../infrastructure/event-store.token.js';
import { executeDecision } from '../../shared/execute-decision.js';
import { OpenPlanCommand } from './open-plan.command.js';

@CommandHandler(OpenPlanCommand)
export class OpenPlanHandler implements ICommandHandler<OpenPlanCommand> {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  execute({ request, context }: OpenPlanCommand) {
    const planId = context.newId('plan');
    const { title, periodStart, periodEnd, owner, board, reviewFrequency } = request;
    return executeDecision(
      this.store,
      planDecider,
      {
        streamId: planStreamId(planId),
        id: planId,
        expectedRevision: 'new',
        command: { type: 'OpenPlan', data: { planId, title, periodStart, periodEnd, owner: owner ?? null, board: board ?? null, reviewFrequency: reviewFrequency ?? null } },
      },
      context,
    );
  }
}
