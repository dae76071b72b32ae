import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { CommandExecutor, redactText, type Clock } from '#command-handling';
import { DataKeys } from '#event-store';
import { Projector } from '#read-store';
import { CLOCK } from '../../infrastructure/clock.token.js';
import { RedactRecommendationTextCommand } from './redact-recommendation-text.command.js';

/** How long the answer waits for the projector to remove the words from the read models. */
const PROJECTION_WAIT_MS = 5_000;

/** The recommendation's words, from its source, from every plan that restated them, and from every view. */
@CommandHandler(RedactRecommendationTextCommand)
export class RedactRecommendationTextHandler implements ICommandHandler<RedactRecommendationTextCommand> {
  constructor(
    private readonly commands: CommandExecutor,
    private readonly dataKeys: DataKeys,
    private readonly projector: Projector,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  execute({ recommendationId, expectedRevision, request, context }: RedactRecommendationTextCommand) {
    return redactText(
      this.commands,
      this.dataKeys,
      this.clock,
      { kind: 'recommendation', id: recommendationId, reason: request.reason, expectedRevision },
      context,
      (position) => this.projector.waitFor(position, PROJECTION_WAIT_MS),
    );
  }
}
