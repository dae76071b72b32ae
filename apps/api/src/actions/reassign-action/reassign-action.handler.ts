import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { actionDecider, actionStreamId } from '#domain';
import type { EventStore } from '#event-store';
import { EVENT_STORE } from '../../infrastructure/event-store.token.js';
import { executeDecision } from '../../shared/execute-decision.js';
import { ReassignActionCommand } from './reassign-action.command.js';

@CommandHandler(ReassignActionCommand)
export class ReassignActionHandler implements ICommandHandler<ReassignActionCommand> {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  execute({ actionId, expectedRevision, request, context }: ReassignActionCommand) {
    const { to, reason, effectiveAt } = request;
    return executeDecision(
      this.store,
      actionDecider,
      { streamId: actionStreamId(actionId), id: actionId, expectedRevision, reason, effectiveAt, command: { type: 'ReassignAction', data: { actionId, to, reason, effectiveAt } } },
      context,
    );
  }
}
