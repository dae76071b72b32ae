import { DomainError, type CalendarDays, type Decider } from '#domain';
import {
  NO_STREAM,
  WrongExpectedRevisionError,
  type Actor,
  type AppendOptions,
  type EventData,
  type EventStore,
  type RecordedEvent,
} from '#event-store';
import { decideContext, type Clock } from './clock.js';
import type { AnyEvent, FoldedStream, FoldedStreams } from './folded-streams.js';
import type { StreamBatch } from './stream-batch.js';

/** Who issues a command, and how a retry of the same command is recognised. */
export interface CommandContext {
  actor: Actor;
  /** The event store appends a command id once: a racing retry of one request appends nothing. */
  commandId: string | null;
  correlationId: string;
  /** Where the command came from, as every event records it: 'api' unless said. */
  origin?: string;
}

/** What every command answers: the stream's revision (the new ETag) and the last event's position. */
export interface WriteResult {
  id: string;
  revision: number;
  /** Global position of the last event appended; null when the command changed nothing. */
  position: number | null;
  /** Types of the events appended, in order; empty when nothing changed. */
  events: string[];
}

export interface Decision<Command> {
  streamId: string;
  /** The id the answer names (the action, the source...). */
  id: string;
  command: Command;
  /** The revision the caller last read (If-Match), or 'new' for a creation. */
  expectedRevision: number | 'new';
  reason?: string | null;
  effectiveAt?: string;
}

/**
 * Load, decide, append: the one way a command changes a stream. The append expects the revision
 * the decision was made on, so a change that lands in between makes this one fail (409), never
 * be applied to a state it did not see.
 *
 * When the revision the caller last read (If-Match) is the one kept in memory, the decision is
 * made on the kept state without reading the stream: the append lands only if that revision, with
 * its hash, is still the stream's head. Any other outcome on it (the head moved, the decision
 * refused or changed nothing, the store knew the command) is decided again on the stream as read,
 * so no answer rests on a state that may be out of date, and a retry is answered as it always was.
 */
export class CommandExecutor {
  constructor(
    private readonly store: Pick<EventStore, 'readStream' | 'append'>,
    private readonly streams: FoldedStreams,
    private readonly clock: Clock,
    /** The service's days (TIME_ZONE), for a decision that compares a day with a moment. */
    private readonly calendar?: CalendarDays,
  ) {}

  async execute<Command, Event extends AnyEvent, State>(
    decider: Decider<Command, Event, State>,
    decision: Decision<Command>,
    context: CommandContext,
  ): Promise<WriteResult> {
    const kept = decision.expectedRevision === 'new' ? null : this.streams.kept(decider, decision.streamId);
    if (kept?.head?.revision === decision.expectedRevision) {
      try {
        const result = await this.decideAndAppend(decider, decision, context, kept);
        if (result.events.length > 0) return result; // appended, or a written command kept: true for ever
      } catch (error) {
        if (!(error instanceof DomainError || error instanceof WrongExpectedRevisionError)) throw error;
      }
    }
    return this.decideAndAppend(decider, decision, context, await this.streams.load(decider, decision.streamId));
  }

  /** A stream's first event, if it exists: for checking the plan, source or recommendation a command names. */
  async firstEvent(streamId: string): Promise<RecordedEvent | undefined> {
    return (await this.store.readStream(streamId, { maxCount: 1 }))[0];
  }

  /** Whether a stream exists. Streams are never deleted, so what exists now still exists at the append. */
  async exists(streamId: string): Promise<boolean> {
    return (await this.firstEvent(streamId)) !== undefined;
  }

  private async decideAndAppend<Command, Event extends AnyEvent, State>(
    decider: Decider<Command, Event, State>,
    decision: Decision<Command>,
    context: CommandContext,
    loaded: FoldedStream<State>,
  ): Promise<WriteResult> {
    const current = loaded.head?.revision ?? null;
    // A retry of a command already written (its answer lost with a dropped connection, say):
    // answer as the first did, before the revision it was sent with or the state it changed refuse it.
    const written = context.commandId === null ? undefined : loaded.commands.get(context.commandId);
    if (written)
      return { id: decision.id, revision: written.revision, position: written.position, events: written.events };
    if (decision.expectedRevision !== 'new') {
      if (current === null) throw new DomainError('NOT_FOUND', `No such resource: ${decision.id}`);
      if (current !== decision.expectedRevision)
        throw new WrongExpectedRevisionError(decision.streamId, decision.expectedRevision, current);
    }
    const events = decider.decide(decision.command, loaded.state, decideContext(this.clock.now(), this.calendar));
    if (events.length === 0) return { id: decision.id, revision: current ?? -1, position: null, events: [] };

    const result = await this.store.append(
      decision.streamId,
      events.map((event) => ({ type: event.type, data: event.data as EventData })),
      {
        ...appendOptionsOf(context, decision.reason ?? null),
        expectedRevision: current ?? NO_STREAM,
        ...(decision.effectiveAt ? { effectiveAt: new Date(decision.effectiveAt) } : {}),
        knownHead: loaded.head,
      },
    );
    if (result.recorded) this.streams.keepAppended(decider, decision.streamId, loaded, result.recorded);
    return {
      id: decision.id,
      revision: result.nextExpectedRevision,
      position: result.position,
      events: result.duplicate ? [] : events.map((event) => event.type),
    };
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

/** Who issues a batch and under which command id; its correlation id is the store's to give when none is. */
export type BatchContext = Omit<CommandContext, 'correlationId'> & { correlationId?: string };
