import { Command } from '@nestjs/cqrs';
import type { WriteResult } from '#command-handling';
import type { WriteContext } from '../../shared/write-context.js';
import type { ReassignActionRequestDto } from './reassign-action.request.dto.js';

export class ReassignActionCommand extends Command<WriteResult> {
  constructor(
    readonly actionId: string,
    readonly expectedRevision: number,
    readonly request: ReassignActionRequestDto,
    readonly context: WriteContext,
  ) {
    super();
  }
}
