import { Command } from '@nestjs/cqrs';
import type { WriteResult } from '#command-handling';
import type { WriteContext } from '../../shared/write-context.js';
import type { LinkRecommendationsRequestDto } from './link-recommendations.request.dto.js';

export class LinkRecommendationsCommand extends Command<WriteResult> {
  constructor(
    readonly recommendationId: string,
    readonly expectedRevision: number,
    readonly request: LinkRecommendationsRequestDto,
    readonly context: WriteContext,
  ) {
    super();
  }
}
