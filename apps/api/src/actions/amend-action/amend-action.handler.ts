import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { actionDecider, actionStreamId } from '#domain';
import type { EventStore } from '#event-store';
import { EVENT_STORE } from '../../infrastructure/event-store.token.js';
import { executeDecision } from '../../shared/execute-decision.js';
import { AmendActionCommand } from './amend-action.command.js';
import { toAmendments } from './amend-action.request.dto.js';

@CommandHandler(AmendActionCommand)
export class AmendActionHandler implements ICommandHandler<AmendActionCommand> {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  execute({ actionId, expectedRevision, request, context }: AmendActionCommand) {
    const { changes, reason, effectiveAt } = request;
    return executeDecision(
      this.store,
      actionDecider,
      { streamId: actionStreamId(actionId), id: actionId, expectedRevision, reason, effectiveAt, command: { type: 'AmendAction', data: { actionId, changes: toAmendments(changes), reason, effectiveAt } } },
      context,
    );
  }
}
