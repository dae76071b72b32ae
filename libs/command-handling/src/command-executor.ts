import type { CalendarDays, Decider } from '#domain';
import type { AppendOptions, EventStore, RecordedEvent } from '#event-store';
import type { Clock } from './clock.js';
import type { BatchContext, CommandContext, Decision, WriteResult } from './command.js';
import type { AnyEvent, FoldedStreams } from './folded-streams.js';
import type { StreamBatch } from './stream-batch.js';

export type { BatchContext, CommandContext, Decision, WriteResult } from './command.js';

/**
 * The one way a command changes a stream, with the clock it is decided at: on the streams kept
 * folded, which load, decide, append at the revision decided on and keep what was appended
 * (FoldedStreams.decideAndAppend), so a change that lands in between makes this one fail (409),
 * never be applied to a state it did not see.
 */
export class CommandExecutor {
  constructor(
    private readonly store: Pick<EventStore, 'readStream'>,
    private readonly streams: FoldedStreams,
    private readonly clock: Clock,
    /** The service's days (TIME_ZONE), for a decision that compares a day with a moment. */
    private readonly calendar?: CalendarDays,
  ) {}

  execute<Command, Event extends AnyEvent, State>(
    decider: Decider<Command, Event, State>,
    decision: Decision<Command>,
    context: CommandContext,
  ): Promise<WriteResult> {
    return this.streams.decideAndAppend(
      decider,
      decision,
      appendOptionsOf(context, decision.reason ?? null),
      this.clock,
      this.calendar,
    );
  }

  /** A stream's first event, if it exists: for checking the plan, source or recommendation a command names. */
  async firstEvent(streamId: string): Promise<RecordedEvent | undefined> {
    return (await this.store.readStream(streamId, { maxCount: 1 }))[0];
  }

  /** Whether a stream exists. Streams are never deleted, so what exists now still exists at the append. */
  async exists(streamId: string): Promise<boolean> {
    return (await this.firstEvent(streamId)) !== undefined;
  }
}

/**
 * What every append of a command records of who issued it and why, alone or in a batch: the
 * command id is what makes a repeat append nothing. A correlation id not given is the store's to give.
 */
function appendOptionsOf(context: BatchContext, reason: string | null): Omit<AppendOptions, 'expectedRevision'> {
  return {
    actor: context.actor,
    origin: context.origin ?? 'api',
    reason,
    commandId: context.commandId,
    ...(context.correlationId !== undefined ? { correlationId: context.correlationId } : {}),
  };
}

/** What a batch's append answers. */
export interface BatchResult {
  /** Global position of the last event appended (the first append's, when duplicate); null when the batch changed nothing. */
  position: number | null;
  /** The store already held the command id: nothing was appended, as for a repeated command. */
  duplicate: boolean;
  /** Events appended; 0 when nothing changed or the command was a repeat. */
  events: number;
}

/**
 * Appends a batch's writes in one `appendMany` under the command's id, all or nothing: a stream
 * another writer moved since it was loaded fails the whole append (WrongExpectedRevisionError),
 * and a command id the store already holds appends nothing and is answered as a repeat. A batch
 * that changes nothing asks the store nothing.
 */
export async function appendBatch(
  store: Pick<EventStore, 'appendMany'>,
  batch: StreamBatch,
  context: BatchContext,
): Promise<BatchResult> {
  const writes = batch.writes();
  if (writes.length === 0) return { position: null, duplicate: false, events: 0 };
  const appended = await store.appendMany(writes, appendOptionsOf(context, batch.reason));
  return {
    position: appended.position,
    duplicate: appended.duplicate,
    events: appended.duplicate ? 0 : writes.reduce((sum, write) => sum + write.events.length, 0),
  };
}
