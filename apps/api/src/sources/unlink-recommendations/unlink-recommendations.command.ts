import { Command } from '@nestjs/cqrs';
import type { WriteResult } from '#command-handling';
import type { WriteContext } from '../../shared/write-context.js';
import type { UnlinkRecommendationsRequestDto } from './unlink-recommendations.request.dto.js';

export class UnlinkRecommendationsCommand extends Command<WriteResult> {
  constructor(
    readonly recommendationId: string,
    readonly expectedRevision: number,
    readonly request: UnlinkRecommendationsRequestDto,
    readonly context: WriteContext,
  ) {
    super();
  }
}
