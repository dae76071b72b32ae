import { Command } from '@nestjs/cqrs';
import type { WriteResult } from '#command-handling';
import type { WriteContext } from '../../shared/write-context.js';
import type { RegisterSourceRequestDto } from './register-source.request.dto.js';

export class RegisterSourceCommand extends Command<WriteResult> {
  constructor(
    readonly request: RegisterSourceRequestDto,
    readonly context: WriteContext,
  ) {
    super();
  }
}
