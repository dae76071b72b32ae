import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { sourceDecider, sourceStreamId } from '#domain';
import type { EventStore } from '#event-store';
import { EVENT_STORE } from '../../infrastructure/event-store.token.js';
import { executeDecision } from '../../shared/execute-decision.js';
import { RegisterSourceCommand } from './register-source.command.js';

@CommandHandler(RegisterSourceCommand)
export class RegisterSourceHandler implements ICommandHandler<RegisterSourceCommand> {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  execute({ request, context }: RegisterSourceCommand) {
    const sourceId = context.newId('source');
    const { kind, title, date } = request;
    return executeDecision(
      this.store,
      sourceDecider,
      { streamId: sourceStreamId(sourceId), id: sourceId, expectedRevision: 'new', command: { type: 'RegisterSource', data: { sourceId, kind, title, date: date ?? null } } },
      context,
    );
  }
}
