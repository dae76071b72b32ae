import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { actionDecider, actionStreamId } from '#domain';
import type { EventStore } from '#event-store';
import { EVENT_STORE } from '../../infrastructure/event-store.token.js';
import { executeDecision } from '../../shared/execute-decision.js';
import { RetainForOversightCommand } from './retain-for-oversight.command.js';

@CommandHandler(RetainForOversightCommand)
export class RetainForOversightHandler implements ICommandHandler<RetainForOversightCommand> {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  execute({ actionId, expectedRevision, request, context }: RetainForOversightCommand) {
    const { reason, effectiveAt } = request;
    return executeDecision(
      this.store,
      actionDecider,
      { streamId: actionStreamId(actionId), id: actionId, expectedRevision, reason, effectiveAt, command: { type: 'RetainForOversight', data: { actionId, reason, effectiveAt } } },
      context,
    );
  }
}
