import { Command } from '@nestjs/cqrs';
import type { WriteResult } from '#command-handling';
import type { WriteContext } from '../../shared/write-context.js';
import type { RedactRecommendationTextRequestDto } from './redact-recommendation-text.request.dto.js';

export class RedactRecommendationTextCommand extends Command<WriteResult> {
  constructor(
    readonly recommendationId: string,
    readonly expectedRevision: number,
    readonly request: RedactRecommendationTextRequestDto,
    readonly context: WriteContext,
  ) {
    super();
  }
}
