import { Command } from '@nestjs/cqrs';
import type { WriteResult } from '#command-handling';
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
