import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { actionDecider, actionStreamId } from '#domain';
import type { EventStore } from '#event-store';
import { EVENT_STORE } from '../../infrastructure/event-store.token.js';
import { executeDecision } from '../../shared/execute-decision.js';
import { planReference, requireReferences } from '../../shared/references.js';
import { CarryForwardActionCommand } from './carry-forward-action.command.js';

@CommandHandler(CarryForwardActionCommand)
export class CarryForwardActionHandler implements ICommandHandler<CarryForwardActionCommand> {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async execute({ actionId, expectedRevision, request, context }: CarryForwardActionCommand) {
    const { toPlanId, reason, effectiveAt } = request;
    await requireReferences(this.store, [planReference('toPlanId', toPlanId)]);
    return executeDecision(
      this.store,
      actionDecider,
      { streamId: actionStreamId(actionId), id: actionId, expectedRevision, reason, effectiveAt, command: { type: 'CarryForwardAction', data: { actionId, toPlanId, reason, effectiveAt } } },
      context,
    );
  }
}
