import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { actionDecider, actionStreamId } from '#domain';
import { toOptionalDateOrText } from '../../http/date-or-text.dto.js';
import { CommandExecutor } from '#command-handling';
import { planReference, recommendationReference, requireReferences, sourceReference } from '../../shared/references.js';
import { CreateActionCommand } from './create-action.command.js';

@CommandHandler(CreateActionCommand)
export class CreateActionHandler implements ICommandHandler<CreateActionCommand> {
  constructor(private readonly commands: CommandExecutor) {}

  async execute({ request, context }: CreateActionCommand) {
    const {
      planId,
      sourceId,
      recommendationId,
      ref,
      description,
      owner,
      dltLead,
      start,
      due,
      successMeasure,
      experienceOfChildren,
      theme,
      effectiveAt,
    } = request;
    await requireReferences(this.commands, [
      planReference('planId', planId),
      sourceReference('sourceId', sourceId),
      ...(recommendationId ? [recommendationReference('recommendationId', recommendationId, sourceId)] : []),
    ]);
    const actionId = context.newId('action');
    return this.commands.execute(
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
