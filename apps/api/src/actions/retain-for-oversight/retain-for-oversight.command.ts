import { Command } from '@nestjs/cqrs';
import type { WriteResult } from '#command-handling';
import type { WriteContext } from '../../shared/write-context.js';
import type { RetainForOversightRequestDto } from './retain-for-oversight.request.dto.js';

export class RetainForOversightCommand extends Command<WriteResult> {
  constructor(
    readonly actionId: string,
    readonly expectedRevision: number,
    readonly request: RetainForOversightRequestDto,
    readonly context: WriteContext,
  ) {
    super();
  }
}
