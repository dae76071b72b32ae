import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { DomainError, recommendationDecider, recommendationStreamId, sourceStreamId } from '#domain';
import { CommandExecutor } from '#command-handling';
import { RecordRecommendationCommand } from './record-recommendation.command.js';

@CommandHandler(RecordRecommendationCommand)
export class RecordRecommendationHandler implements ICommandHandler<RecordRecommendationCommand> {
  constructor(private readonly commands: CommandExecutor) {}

  async execute({ sourceId, request, context }: RecordRecommendationCommand) {
    // The source is in the path, so a missing one is a missing resource (404), not a bad body.
    if (!(await this.commands.exists(sourceStreamId(sourceId))))
      throw new DomainError('NOT_FOUND', `No such source: ${sourceId}`);
    const recommendationId = context.newId('recommendation');
    const { reference, text, level } = request;
    return this.commands.execute(
      recommendationDecider,
      {
        streamId: recommendationStreamId(recommendationId),
        id: recommendationId,
        expectedRevision: 'new',
        command: {
          type: 'RecordRecommendation',
          data: { recommendationId, sourceId, reference: reference ?? null, text, level },
        },
      },
      context,
    );
  }
}
