import { Command } from '@nestjs/cqrs';
import type { WriteResult } from '#command-handling';
import type { WriteContext } from '../../shared/write-context.js';
import type { CompleteActionRequestDto } from './complete-action.request.dto.js';

export class CompleteActionCommand extends Command<WriteResult> {
  constructor(
    readonly actionId: string,
    readonly expectedRevision: number,
    readonly request: CompleteActionRequestDto,
    readonly context: WriteContext,
  ) {
    super();
  }
}
