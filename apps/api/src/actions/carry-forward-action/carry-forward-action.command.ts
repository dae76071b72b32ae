import { Command } from '@nestjs/cqrs';
import type { WriteResult } from '#command-handling';
import type { WriteContext } from '../../shared/write-context.js';
import type { CarryForwardActionRequestDto } from './carry-forward-action.request.dto.js';

export class CarryForwardActionCommand extends Command<WriteResult> {
  constructor(
    readonly actionId: string,
    readonly expectedRevision: number,
    readonly request: CarryForwardActionRequestDto,
    readonly context: WriteContext,
  ) {
    super();
  }
}
