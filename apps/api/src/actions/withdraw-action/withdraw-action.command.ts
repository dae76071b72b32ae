import { Command } from '@nestjs/cqrs';
import type { WriteResult } from '#command-handling';
import type { WriteContext } from '../../shared/write-context.js';
import type { WithdrawActionRequestDto } from './withdraw-action.request.dto.js';

export class WithdrawActionCommand extends Command<WriteResult> {
  constructor(
    readonly actionId: string,
    readonly expectedRevision: number,
    readonly request: WithdrawActionRequestDto,
    readonly context: WriteContext,
  ) {
    super();
  }
}
