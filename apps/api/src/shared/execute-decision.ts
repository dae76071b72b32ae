import { DomainError, type Decider } from '#domain';
import { NO_STREAM, WrongExpectedRevisionError, type EventData, type EventStore } from '#event-store';
import { keepAppended, keptDecidedStream, loadDecidedStream, type AnyEvent, type DecidedStream } from './decided-streams.js';
import type { WriteContext } from './write-context.js';

/** What every write answers: the stream's revision (the new ETag) and the last event's position. */
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
  /** The id the response names (the action, the source...). */
  id: string;
  command: Command;
  /** The revision the client last read (If-Match), or 'new' for a creation. */
  expectedRevision: number | 'new';
  reason?: string | null;
  effectiveAt?: string;
}

/**
 * Load, decide, append: the one way a command changes a stream. The append expects the revision
 * the decision was made on, so a change that lands in between makes this one fail (409), never
 * be applied to a state it did not see.
 *
 * When the revision the client last read (If-Match) is the one kept in memory, the decision is
 * made on the kept state without reading the stream: the append lands only if that revision, with
 * its hash, is still the stream's head. Any other outcome on it (the head moved, the decision
 * refused or changed nothing, the store knew the command) is decided again on the stream as read,
 * so no answer rests on a state that may be out of date, and a retry is answered as it always was.
 */
export async function executeDecision<Command, Event extends AnyEvent, State>(
  store: EventStore,
  decider: Decider<Command, Event, State>,
  decision: Decision<Command>,
  context: WriteContext,
): Promise<WriteResult> {
  const kept = decision.expectedRevision === 'new' ? null : keptDecidedStream(store, decider, decision.streamId);
  if (kept?.head?.revision === decision.expectedRevision) {
    try {
      const result = await decideAndAppend(store, decider, decision, context, kept);
      if (result.events.length > 0) return result; // appended, or a written command kept: true for ever
    } catch (error) {
      if (!(error instanceof DomainError || error instanceof WrongExpectedRevisionError)) throw error;
    }
  }
  return decideAndAppend(store, decider, decision, context, await loadDecidedStream(store, decider, decision.streamId));
}

async function decideAndAppend<Command, Event extends AnyEvent, State>(
  store: EventStore,
  decider: Decider<Command, Event, State>,
  decision: Decision<Command>,
  context: WriteContext,
  loaded: DecidedStream<State>,
): Promise<WriteResult> {
  const current = loaded.head?.revision ?? null;
  // A retry of a command already written (its answer lost with a dropped connection, say):
  // answer as the first did, before the revision it was sent with or the state it changed refuse it.
  const written = context.commandId === null ? undefined : loaded.commands.get(context.commandId);
  if (written) return { id: decision.id, revision: written.revision, position: written.position, events: written.events };
  if (decision.expectedRevision !== 'new') {
    if (current === null) throw new DomainError('NOT_FOUND', `No such resource: ${decision.id}`);
    if (current !== decision.expectedRevision) throw new WrongExpectedRevisionError(decision.streamId, decision.expectedRevision, current);
  }
  const events = decider.decide(decision.command, loaded.state, { now: new Date().toISOString() });
  if (events.length === 0) return { id: decision.id, revision: current ?? -1, position: null, events: [] };

  const result = await store.append(
    decision.streamId,
    events.map((event) => ({ type: event.type, data: event.data as EventData })),
    {
      expectedRevision: current ?? NO_STREAM,
      actor: context.actor,
      origin: 'api',
      reason: decision.reason ?? null,
      ...(decision.effectiveAt ? { effectiveAt: new Date(decision.effectiveAt) } : {}),
      commandId: context.commandId,
      correlationId: context.correlationId,
      knownHead: loaded.head,
    },
  );
  if (result.recorded) keepAppended(store, decider, decision.streamId, loaded, result.recorded);
  return {
    id: decision.id,
    revision: result.nextExpectedRevision,
    position: result.position,
    events: result.duplicate ? [] : events.map((event) => event.type),
  };
}

/** Whether a stream exists: for checking the plan, source or recommendation a command names. */
export async function streamExists(store: EventStore, streamId: string): Promise<boolean> {
  return (await store.readStream(streamId, { maxCount: 1 })).length > 0;
}
