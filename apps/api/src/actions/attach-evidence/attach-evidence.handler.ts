import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { actionDecider, actionStreamId } from '#domain';
import { CommandExecutor } from '#command-handling';
import { AttachEvidenceCommand } from './attach-evidence.command.js';
import { toEvidenceLocation } from './attach-evidence.request.dto.js';

@CommandHandler(AttachEvidenceCommand)
export class AttachEvidenceHandler implements ICommandHandler<AttachEvidenceCommand> {
  constructor(private readonly commands: CommandExecutor) {}

  async execute({ actionId, expectedRevision, request, context, document }: AttachEvidenceCommand) {
    const evidenceId = context.newId('evidence');
    const { title, kind, location, sha256, date, effectiveAt } = request;
    const result = await this.commands.execute(
      actionDecider,
      {
        streamId: actionStreamId(actionId),
        id: actionId,
        expectedRevision,
        effectiveAt,
        command: {
          type: 'AttachEvidence',
          data: {
            actionId,
            evidenceId,
            title,
            kind,
            location: toEvidenceLocation(location),
            sha256: sha256 ?? null,
            date,
            effectiveAt,
            ...(document ? { document } : {}),
          },
        },
      },
      context,
    );
    return { ...result, evidenceId };
  }
}
