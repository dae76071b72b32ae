import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { actionDecider, actionStreamId } from '#domain';
import type { EventStore } from '#event-store';
import { EVENT_STORE } from '../../infrastructure/event-store.token.js';
import { executeDecision } from '../../shared/execute-decision.js';
import { ReopenActionCommand } from './reopen-action.command.js';

@CommandHandler(ReopenActionCommand)
export class ReopenActionHandler implements ICommandHandler<ReopenActionCommand> {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  execute({ actionId, expectedRevision, request, context }: ReopenActionCommand) {
    const { status, reason, effectiveAt } = request;
    return executeDecision(
      this.store,
      actionDecider,
      { streamId: actionStreamId(actionId), id: actionId, expectedRevision, reason, effectiveAt, command: { type: 'ReopenAction', data: { actionId, status, reason, effectiveAt } } },
      context,
    );
  }
}
