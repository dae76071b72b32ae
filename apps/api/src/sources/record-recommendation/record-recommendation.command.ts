import { Command } from '@nestjs/cqrs';
import type { WriteResult } from '#command-handling';
import type { WriteContext } from '../../shared/write-context.js';
import type { RecordRecommendationRequestDto } from './record-recommendation.request.dto.js';

export class RecordRecommendationCommand extends Command<WriteResult> {
  constructor(
    readonly sourceId: string,
    readonly request: RecordRecommendationRequestDto,
    readonly context: WriteContext,
  ) {
    super();
  }
}
