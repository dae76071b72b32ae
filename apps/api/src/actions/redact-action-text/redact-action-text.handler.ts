import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { CommandExecutor, redactText, type Clock } from '#command-handling';
import { DataKeys } from '#event-store';
import { Projector } from '#read-store';
import { CLOCK } from '../../infrastructure/clock.token.js';
import { RedactActionTextCommand } from './redact-action-text.command.js';

/** How long the answer waits for the projector to remove the words from the read models. */
const PROJECTION_WAIT_MS = 5_000;

@CommandHandler(RedactActionTextCommand)
export class RedactActionTextHandler implements ICommandHandler<RedactActionTextCommand> {
  constructor(
    private readonly commands: CommandExecutor,
    private readonly dataKeys: DataKeys,
    private readonly projector: Projector,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  execute({ actionId, kind, id, expectedRevision, request, context }: RedactActionTextCommand) {
    return redactText(
      this.commands,
      this.dataKeys,
      this.clock,
      { actionId, kind, id, reason: request.reason, expectedRevision },
      context,
      (position) => this.projector.waitFor(position, PROJECTION_WAIT_MS),
    );
  }
}
