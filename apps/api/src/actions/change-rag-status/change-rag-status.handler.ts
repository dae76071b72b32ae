import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { actionDecider, actionStreamId } from '#domain';
import type { EventStore } from '#event-store';
import { EVENT_STORE } from '../../infrastructure/event-store.token.js';
import { executeDecision } from '../../shared/execute-decision.js';
import { ChangeRagStatusCommand } from './change-rag-status.command.js';

@CommandHandler(ChangeRagStatusCommand)
export class ChangeRagStatusHandler implements ICommandHandler<ChangeRagStatusCommand> {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  execute({ actionId, expectedRevision, request, context }: ChangeRagStatusCommand) {
    const { to, reason, effectiveAt } = request;
    return executeDecision(
      this.store,
      actionDecider,
      { streamId: actionStreamId(actionId), id: actionId, expectedRevision, reason, effectiveAt, command: { type: 'ChangeRagStatus', data: { actionId, to, reason, effectiveAt } } },
      context,
    );
  }
}
