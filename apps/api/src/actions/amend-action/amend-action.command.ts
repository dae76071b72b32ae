import { Command } from '@nestjs/cqrs';
import type { WriteResult } from '#command-handling';
import type { WriteContext } from '../../shared/write-context.js';
import type { AmendActionRequestDto } from './amend-action.request.dto.js';

export class AmendActionCommand extends Command<WriteResult> {
  constructor(
    readonly actionId: string,
    readonly expectedRevision: number,
    readonly request: AmendActionRequestDto,
    readonly context: WriteContext,
  ) {
    super();
  }
}
