import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { actionDecider, actionStreamId } from '#domain';
import type { EventStore } from '#event-store';
import { EVENT_STORE } from '../../infrastructure/event-store.token.js';
import { executeDecision } from '../../shared/execute-decision.js';
import { AttachEvidenceCommand } from './attach-evidence.command.js';
import { toEvidenceLocation } from './attach-evidence.request.dto.js';

@CommandHandler(AttachEvidenceCommand)
export class AttachEvidenceHandler implements ICommandHandler<AttachEvidenceCommand> {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async execute({ actionId, expectedRevision, request, context }: AttachEvidenceCommand) {
    const evidenceId = context.newId('evidence');
    const { title, kind, location, sha256, date, effectiveAt } = request;
    const result = await executeDecision(
      this.store,
      actionDecider,
      { streamId: actionStreamId(actionId), id: actionId, expectedRevision, effectiveAt, command: { type: 'AttachEvidence', data: { actionId, evidenceId, title, kind, location: toEvidenceLocation(location), sha256: sha256 ?? null, date, effectiveAt } } },
      context,
    );
    return { ...result, evidenceId };
  }
}
