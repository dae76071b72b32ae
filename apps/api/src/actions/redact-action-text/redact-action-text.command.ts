import { Command } from '@nestjs/cqrs';
import type { WriteResult } from '#command-handling';
import type { WriteContext } from '../../shared/write-context.js';
import type { RedactActionTextRequestDto } from './redact-action-text.request.dto.js';

export class RedactActionTextCommand extends Command<WriteResult> {
  constructor(
    readonly actionId: string,
    readonly kind: 'comment' | 'action' | 'evidence' | 'reasons',
    /** The comment's or evidence item's id; the action's for its wording and its reasons. */
    readonly id: string,
    readonly expectedRevision: number,
    readonly request: RedactActionTextRequestDto,
    readonly context: WriteContext,
  ) {
    super();
  }
}
