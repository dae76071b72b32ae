import { actionDecider, actionStreamId, recommendationDecider, recommendationStreamId } from '#domain';
import { removedMarker, type DataKeys } from '#event-store';
import type { Clock } from './clock.js';
import type { CommandContext, CommandExecutor, WriteResult } from './command-executor.js';

/** A record whose words can be removed, with the stream its Redacted goes on. */
export type RedactTextRequest = {
  reason: string;
  /** The revision the caller last read (If-Match) of the record's stream. */
  expectedRevision: number;
} & (
  | {
      /** A comment of the action, its own wording, an evidence item of it, or the reasons given on it: on the action's stream. */
      kind: 'comment' | 'action' | 'evidence' | 'reasons';
      actionId: string;
      /** The comment's or evidence item's id; the action's id for its wording and its reasons. */
      id: string;
    }
  | {
      /** The recommendation's text and every plan's restatement of it: on the recommendation's stream. */
      kind: 'recommendation';
      id: string;
    }
);

/**
 * Removes a record's words, in the order that survives a stop at any point: the Redacted event
 * is recorded; the projector, projecting it, removes the words from every read model and destroys
 * the record's data key (oversight_erase), which `waitForProjection` waits for; then the key is
 * destroyed here too (a no-op when the projector has), so that it is gone even when no projector
 * runs, and this process's memory of it is dropped. A stop after the event is finished by
 * whichever projector next projects it.
 */
export async function redactText(
  executor: CommandExecutor,
  dataKeys: DataKeys,
  clock: Clock,
  request: RedactTextRequest,
  context: CommandContext,
  waitForProjection: (position: number) => Promise<unknown>,
): Promise<WriteResult> {
  const at = clock.now();
  const { reason, expectedRevision } = request;
  const replacement = removedMarker(at, context.actor.name, reason);
  const result =
    request.kind === 'recommendation'
      ? await executor.execute(
          recommendationDecider,
          {
            streamId: recommendationStreamId(request.id),
            id: request.id,
            expectedRevision,
            reason,
            command: {
              type: 'RedactRecommendationText',
              data: { recommendationId: request.id, reason, replacement },
            },
          },
          context,
        )
      : await executor.execute(
          actionDecider,
          {
            streamId: actionStreamId(request.actionId),
            id: request.actionId,
            expectedRevision,
            reason,
            command: {
              type: 'RedactActionText',
              data: { actionId: request.actionId, kind: request.kind, id: request.id, reason, replacement },
            },
          },
          context,
        );
  if (result.position !== null) await waitForProjection(result.position);
  // A stream's reasons are keyed by the stream (personal-fields.ts, metadataSubjects).
  const subject =
    request.kind === 'reasons'
      ? { kind: 'reasons' as const, id: actionStreamId(request.actionId) }
      : { kind: request.kind, id: request.id };
  await dataKeys.destroy(subject, { at, by: context.actor.name, reason, replacement });
  return result;
}
