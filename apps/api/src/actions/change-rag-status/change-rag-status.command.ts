import { Command } from '@nestjs/cqrs';
import type { WriteResult } from '#command-handling';
import type { WriteContext } from '../../shared/write-context.js';
import type { ChangeRagStatusRequestDto } from './change-rag-status.request.dto.js';

export class ChangeRagStatusCommand extends Command<WriteResult> {
  constructor(
    readonly actionId: string,
    readonly expectedRevision: number,
    readonly request: ChangeRagStatusRequestDto,
    readonly context: WriteContext,
  ) {
    super();
  }
}
