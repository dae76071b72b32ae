import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { recommendationDecider, recommendationStreamId, requireLinkableSurvivor } from '#domain';
import { CommandExecutor, FoldedStreams } from '#command-handling';
import { LinkRecommendationsCommand } from './link-recommendations.command.js';

/**
 * The link goes on the joining recommendation's stream, at the revision its If-Match names. The
 * survivor is another stream, checked first (requireLinkableSurvivor). Two links made at the same
 * moment each way round could both pass that check; the read side stops at such a loop.
 */
@CommandHandler(LinkRecommendationsCommand)
export class LinkRecommendationsHandler implements ICommandHandler<LinkRecommendationsCommand> {
  constructor(
    private readonly commands: CommandExecutor,
    private readonly streams: FoldedStreams,
  ) {}

  async execute({ recommendationId, expectedRevision, request, context }: LinkRecommendationsCommand) {
    const survivorId = request.survivorId.toLowerCase();
    if (survivorId !== recommendationId)
      requireLinkableSurvivor(
        survivorId,
        (await this.streams.load(recommendationDecider, recommendationStreamId(survivorId))).state,
      );
    const { reason, effectiveAt } = request;
    return this.commands.execute(
      recommendationDecider,
      {
        streamId: recommendationStreamId(recommendationId),
        id: recommendationId,
        expectedRevision,
        reason,
        effectiveAt,
        command: { type: 'LinkRecommendation', data: { recommendationId, survivorId } },
      },
      context,
    );
  }
}
