import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { actionDecider, actionStreamId } from '#domain';
import type { EventStore } from '#event-store';
import { toOptionalDateOrText } from '../../http/date-or-text.dto.js';
import { EVENT_STORE } from '../../infrastructure/event-store.token.js';
import { executeDecision } from '../../shared/execute-decision.js';
import { planReference, recommendationReference, requireReferences, sourceReference } from '../../shared/references.js';
import { CreateActionCommand } from './create-action.command.js';

@CommandHandler(CreateActionCommand)
export class CreateActionHandler implements ICommandHandler<CreateActionCommand> {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async execute({ request, context }: CreateActionCommand) {
    const { planId, sourceId, recommendationId, ref, description, owner, dltLead, start, due, successMeasure, experienceOfChildren, theme, effectiveAt } = request;
    await requireReferences(this.store, [
      planReference('planId', planId),
      sourceReference('sourceId', sourceId),
      ...(recommendationId ? [recommendationReference('recommendationId', recommendationId, sourceId)] : []),
    ]);
    const actionId = context.newId('action');
    return executeDecision(
      this.store,
      actionDecider,
      {
        streamId: actionStreamId(actionId),
        id: actionId,
        expectedRevision: 'new',
        effectiveAt,
        command: {
          type: 'CreateAction',
          data: {
            actionId,
            planId,
            sourceId,
            recommendationId: recommendationId ?? null,
            ref: ref ?? null,
            description,
            owner: owner ?? null,
            dltLead: dltLead ?? null,
            start: toOptionalDateOrText(start ?? null),
            due: toOptionalDateOrText(due ?? null),
            successMeasure: successMeasure ?? null,
            experienceOfChildren: experienceOfChildren ?? null,
            theme: theme ?? null,
            effectiveAt,
          },
        },
      },
      context,
    );
  }
}
