import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { actionDecider, actionStreamId } from '#domain';
import type { EventStore } from '#event-store';
import { toDateOrText } from '../../http/date-or-text.dto.js';
import { EVENT_STORE } from '../../infrastructure/event-store.token.js';
import { executeDecision } from '../../shared/execute-decision.js';
import { ChangeDueDateCommand } from './change-due-date.command.js';

@CommandHandler(ChangeDueDateCommand)
export class ChangeDueDateHandler implements ICommandHandler<ChangeDueDateCommand> {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  execute({ actionId, expectedRevision, request, context }: ChangeDueDateCommand) {
    const { to, reason, effectiveAt } = request;
    return executeDecision(
      this.store,
      actionDecider,
      { streamId: actionStreamId(actionId), id: actionId, expectedRevision, reason, effectiveAt, command: { type: 'ChangeDueDate', data: { actionId, to: toDateOrText(to), reason, effectiveAt } } },
      context,
    );
  }
}
