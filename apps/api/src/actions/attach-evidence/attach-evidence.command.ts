import { Command } from '@nestjs/cqrs';
import type { WriteResult } from '#command-handling';
import type { EvidenceDocument } from '#domain';
import type { WriteContext } from '../../shared/write-context.js';
import type { AttachEvidenceRequestDto } from './attach-evidence.request.dto.js';

/** The action's write result, and the id of what was added to it. */
export type EvidenceAttachedResult = WriteResult & { evidenceId: string };

export class AttachEvidenceCommand extends Command<EvidenceAttachedResult> {
  constructor(
    readonly actionId: string,
    readonly expectedRevision: number,
    readonly request: AttachEvidenceRequestDto,
    readonly context: WriteContext,
    /** The document itself, already kept in the document store (POST /actions/:id/evidence/documents). */
    readonly document?: EvidenceDocument,
  ) {
    super();
  }
}
