import { BadRequestException, HttpStatus } from '@nestjs/common';
import { planStreamId, recommendationStreamId, sourceStreamId, type RecommendationRecorded } from '#domain';
import type { CommandExecutor } from '#command-handling';
import type { RecordedEvent } from '#event-store';
import { problem, type FieldError } from '../http/problem.js';

/** Another stream a command names by id in its body. */
export interface Reference {
  /** The request field that names it, e.g. 'planId'. */
  field: string;
  streamId: string;
  /** What to say when the stream does not exist, e.g. 'no such plan'. */
  missing: string;
  /** A further check on the stream's first event: what is wrong with it, or null. */
  check?: (first: RecordedEvent) => string | null;
}

export const planReference = (field: string, planId: string): Reference => ({
  field,
  streamId: planStreamId(planId),
  missing: 'no such plan',
});

export const sourceReference = (field: string, sourceId: string): Reference => ({
  field,
  streamId: sourceStreamId(sourceId),
  missing: 'no such source',
});

/** A recommendation, which must be one that the given source made. */
export const recommendationReference = (field: string, recommendationId: string, sourceId: string): Reference => ({
  field,
  streamId: recommendationStreamId(recommendationId),
  missing: 'no such recommendation',
  check: (first) =>
    (first.data as RecommendationRecorded['data']).sourceId === sourceId
      ? null
      : 'the recommendation is not one of this source',
});

/**
 * Refuses (400, every bad field named) a command that names a plan, source or recommendation
 * that does not exist. Those streams are never deleted, so what exists now still exists at the append.
 */
export async function requireReferences(
  commands: Pick<CommandExecutor, 'firstEvent'>,
  references: Reference[],
): Promise<void> {
  const errors: FieldError[] = (
    await Promise.all(
      references.map(async ({ field, streamId, missing, check }) => {
        const first = await commands.firstEvent(streamId);
        const message = first === undefined ? missing : (check?.(first) ?? null);
        return message === null ? [] : [{ field, message }];
      }),
    )
  ).flat();
  if (errors.length > 0) {
    const detail = `Unknown or mismatched references: ${errors.map((error) => error.field).join(', ')}`;
    throw new BadRequestException(problem(HttpStatus.BAD_REQUEST, detail, { errors }));
  }
}
