import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { actionDecider, actionStreamId } from '#domain';
import type { EventStore } from '#event-store';
import { EVENT_STORE } from '../../infrastructure/event-store.token.js';
import { executeDecision } from '../../shared/execute-decision.js';
import { WithdrawActionCommand } from './withdraw-action.command.js';

@CommandHandler(WithdrawActionCommand)
export class WithdrawActionHandler implements ICommandHandler<WithdrawActionCommand> {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  execute({ actionId, expectedRevision, request, context }: WithdrawActionCommand) {
    const { reason, effectiveAt } = request;
    return executeDecision(
      this.store,
      actionDecider,
      { streamId: actionStreamId(actionId), id: actionId, expectedRevision, reason, effectiveAt, command: { type: 'WithdrawAction', data: { actionId, reason, effectiveAt } } },
      context,
    );
  }
}
