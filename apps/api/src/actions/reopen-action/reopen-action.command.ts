import { Command } from '@nestjs/cqrs';
import type { WriteResult } from '#command-handling';
import type { WriteContext } from '../../shared/write-context.js';
import type { ReopenActionRequestDto } from './reopen-action.request.dto.js';

export class ReopenActionCommand extends Command<WriteResult> {
  constructor(
    readonly actionId: string,
    readonly expectedRevision: number,
    readonly request: ReopenActionRequestDto,
    readonly context: WriteContext,
  ) {
    super();
  }
}
