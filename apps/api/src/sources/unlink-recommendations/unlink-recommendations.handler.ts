import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { recommendationDecider, recommendationStreamId } from '#domain';
import { CommandExecutor } from '#command-handling';
import { UnlinkRecommendationsCommand } from './unlink-recommendations.command.js';

/** Undoes the link this recommendation made, as a new event on its stream; the link stays in the record. */
@CommandHandler(UnlinkRecommendationsCommand)
export class UnlinkRecommendationsHandler implements ICommandHandler<UnlinkRecommendationsCommand> {
  constructor(private readonly commands: CommandExecutor) {}

  execute({ recommendationId, expectedRevision, request, context }: UnlinkRecommendationsCommand) {
    const { reason, effectiveAt } = request;
    return this.commands.execute(
      recommendationDecider,
      {
        streamId: recommendationStreamId(recommendationId),
        id: recommendationId,
        expectedRevision,
        reason,
        effectiveAt,
        command: { type: 'UnlinkRecommendation', data: { recommendationId } },
      },
      context,
    );
  }
}
