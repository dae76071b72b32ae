import { Command } from '@nestjs/cqrs';
import type { WriteResult } from '../../shared/execute-decision.js';
import type { WriteContext } from '../../shared/write-context.js';
import type { CreateActionRequestDto } from './create-action.request.dto.js';

export class CreateActionCommand extends Command<WriteResult> {
  constructor(
    readonly request: CreateActionRequestDto,
    readonly context: WriteContext,
  ) {
    super();
  }
}
