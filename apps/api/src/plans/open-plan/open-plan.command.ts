import { Command } from '@nestjs/cqrs';
import type { WriteResult } from '#command-handling';
import type { WriteContext } from '../../shared/write-context.js';
import type { OpenPlanRequestDto } from './open-plan.request.dto.js';

export class OpenPlanCommand extends Command<WriteResult> {
  constructor(
    readonly request: OpenPlanRequestDto,
    readonly context: WriteContext,
  ) {
    super();
  }
}
