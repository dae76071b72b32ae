import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { DomainError, recommendationDecider, recommendationStreamId, sourceStreamId } from '#domain';
import type { EventStore } from '#event-store';
import { EVENT_STORE } from '../../infrastructure/event-store.token.js';
import { executeDecision, streamExists } from '../../shared/execute-decision.js';
import { RecordRecommendationCommand } from './record-recommendation.command.js';

@CommandHandler(RecordRecommendationCommand)
export class RecordRecommendationHandler implements ICommandHandler<RecordRecommendationCommand> {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async execute({ sourceId, request, context }: RecordRecommendationCommand) {
    // The source is in the path, so a missing one is a missing resource (404), not a bad body.
    if (!(await streamExists(this.store, sourceStreamId(sourceId)))) throw new DomainError('NOT_FOUND', `No such source: ${sourceId}`);
    const recommendationId = context.newId('recommendation');
    const { reference, text, level } = request;
    return executeDecision(
      this.store,
      recommendationDecider,
      {
        streamId: recommendationStreamId(recommendationId),
        id: recommendationId,
        expectedRevision: 'new',
        command: { type: 'RecordRecommendation', data: { recommendationId, sourceId, reference: reference ?? null, text, level } },
      },
      context,
    );
  }
}
