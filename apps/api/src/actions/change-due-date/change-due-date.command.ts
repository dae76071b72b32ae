import { Command } from '@nestjs/cqrs';
import type { WriteResult } from '#command-handling';
import type { WriteContext } from '../../shared/write-context.js';
import type { ChangeDueDateRequestDto } from './change-due-date.request.dto.js';

export class ChangeDueDateCommand extends Command<WriteResult> {
  constructor(
    readonly actionId: string,
    readonly expectedRevision: number,
    readonly request: ChangeDueDateRequestDto,
    readonly context: WriteContext,
  ) {
    super();
  }
}
