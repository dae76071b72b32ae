import { DomainError, replay, type CalendarDays, type Decider } from '#domain';
import {
  NO_STREAM,
  WrongExpectedRevisionError,
  type AppendOptions,
  type EventData,
  type EventStore,
  type KnownHead,
  type RecordedEvent,
} from '#event-store';
import { decideContext, type Clock } from './clock.js';
import type { Decision, WriteResult } from './command.js';

export type AnyEvent = { type: string; data: object };

/** What a command id wrote to the stream: a retry is answered with it. */
export interface WrittenCommand {
  revision: number;
  position: number;
  events: string[];
}

/** A stream folded up to its head: what a decision is made on. */
export interface FoldedStream<State> {
  state: State;
  /** The last event (its revision is the stream's); null for a stream with no events. */
  head: KnownHead | null;
  /** Command ids the stream's events were written under. */
  commands: ReadonlyMap<string, WrittenCommand>;
}

interface Entry<State> extends FoldedStream<State> {
  decider: Decider<never, never, State>;
  commands: Map<string, WrittenCommand>;
}

/**
 * The streams of one event store, folded through their deciders and kept in memory, and the
 * commands decided on them: the next command on a stream reads only the events after what is
 * kept. Events are never changed or removed, so a fold of revisions 0..n stays true for ever:
 * whatever was appended since, by this process or another, is read and folded on top. A command
 * is loaded, decided, appended and what it appended kept, all here (decideAndAppend), so only
 * this object ever adds to what it keeps; its head lets an append skip reading the head again.
 * At most `capacity` streams are kept; the least recently used go first.
 *
 * One per store, owned by whoever opened the store (the service's module, a CLI command, a
 * benchmark), so its life is the store's. The importer loads through it and appends its batch
 * itself (appendBatch): a batch's streams are folded again by the next load.
 */
export class FoldedStreams {
  private readonly streams = new Map<string, Entry<unknown>>();

  constructor(
    private readonly store: Pick<EventStore, 'readStream' | 'append'>,
    private readonly capacity = 5_000,
  ) {}

  /** The stream folded to its head, reading only what was appended after the fold kept of it. */
  async load<Event extends AnyEvent, State>(
    decider: Decider<never, Event, State>,
    streamId: string,
  ): Promise<FoldedStream<State>> {
    const known = this.kept(decider, streamId);
    const later = await this.store.readStream(streamId, known ? { fromRevision: known.head!.revision + 1 } : {});
    if (!known && later.length === 0) return { state: decider.initialState, head: null, commands: new Map() };
    const entry = foldedOn(known ?? { state: decider.initialState, head: null, commands: new Map() }, decider, later);
    this.keep(streamId, entry);
    return entry;
  }

  /**
   * The stream as kept in memory, read from nowhere: null when none is kept. Its head may be behind
   * the store's, so a decision on it stands only if its append finds that head still the stream's.
   */
  kept<Event extends AnyEvent, State>(
    decider: Decider<never, Event, State>,
    streamId: string,
  ): FoldedStream<State> | null {
    const kept = this.streams.get(streamId) as Entry<State> | undefined;
    return kept && (kept.decider as unknown) === decider ? kept : null;
  }

  /**
   * Folds what was just appended on `base` on top of it, as the store recorded it, so that the next
   * command on the stream reads nothing. Left alone unless `base` is still what is kept (or, for a
   * new stream, nothing is) and the events follow its head: a fold kept meanwhile stays.
   */
  private keepAppended<Event extends AnyEvent, State>(
    decider: Decider<never, Event, State>,
    streamId: string,
    base: FoldedStream<State>,
    recorded: RecordedEvent[],
  ): void {
    const kept = this.streams.get(streamId);
    if (kept ? kept !== base : base.head !== null) return;
    if (recorded[0]?.revision !== (base.head?.revision ?? -1) + 1) return;
    this.keep(streamId, foldedOn(base, decider, recorded));
  }

  /**
   * Load, decide, append, keep: a command on its stream. The append expects the revision the
   * decision was made on, so a change that lands in between makes this one fail, never be applied
   * to a state it did not see.
   *
   * When the revision the caller last read (If-Match) is the one kept, the decision is made on the
   * kept state without reading the stream: the append lands only if that revision, with its hash,
   * is still the stream's head. Any other outcome on it (the head moved, the decision refused or
   * changed nothing, the store knew the command) is decided again on the stream as read, so no
   * answer rests on a state that may be out of date, and a retry is answered as it always was.
   */
  async decideAndAppend<Command, Event extends AnyEvent, State>(
    decider: Decider<Command, Event, State>,
    decision: Decision<Command>,
    /** Who appends and why, and the command id that makes a repeat append nothing. */
    options: Omit<AppendOptions, 'expectedRevision'>,
    clock: Clock,
    /** The service's days (TIME_ZONE), for a decision that compares a day with a moment. */
    calendar?: CalendarDays,
  ): Promise<WriteResult> {
    const kept = decision.expectedRevision === 'new' ? null : this.kept(decider, decision.streamId);
    if (kept?.head?.revision === decision.expectedRevision) {
      try {
        const result = await this.decideOn(kept, decider, decision, options, clock, calendar);
        if (result.events.length > 0) return result; // appended, or a written command kept: true for ever
      } catch (error) {
        if (!(error instanceof DomainError || error instanceof WrongExpectedRevisionError)) throw error;
      }
    }
    return this.decideOn(await this.load(decider, decision.streamId), decider, decision, options, clock, calendar);
  }

  /** One decision on `loaded`, appended at its head's revision; what was appended is kept folded. */
  private async decideOn<Command, Event extends AnyEvent, State>(
    loaded: FoldedStream<State>,
    decider: Decider<Command, Event, State>,
    decision: Decision<Command>,
    options: Omit<AppendOptions, 'expectedRevision'>,
    clock: Clock,
    calendar: CalendarDays | undefined,
  ): Promise<WriteResult> {
    const current = loaded.head?.revision ?? null;
    // A retry of a command already written (its answer lost with a dropped connection, say):
    // answer as the first did, before the revision it was sent with or the state it changed refuse it.
    const written = options.commandId ? loaded.commands.get(options.commandId) : undefined;
    if (written)
      return { id: decision.id, revision: written.revision, position: written.position, events: written.events };
    if (decision.expectedRevision !== 'new') {
      if (current === null) throw new DomainError('NOT_FOUND', `No such resource: ${decision.id}`);
      if (current !== decision.expectedRevision)
        throw new WrongExpectedRevisionError(decision.streamId, decision.expectedRevision, current);
    }
    const events = decider.decide(decision.command, loaded.state, decideContext(clock.now(), calendar));
    if (events.length === 0) return { id: decision.id, revision: current ?? -1, position: null, events: [] };

    const result = await this.store.append(
      decision.streamId,
      events.map((event) => ({ type: event.type, data: event.data as EventData })),
      {
        ...options,
        expectedRevision: current ?? NO_STREAM,
        ...(decision.effectiveAt ? { effectiveAt: new Date(decision.effectiveAt) } : {}),
        knownHead: loaded.head,
      },
    );
    if (result.recorded) this.keepAppended(decider, decision.streamId, loaded, result.recorded);
    return {
      id: decision.id,
      revision: result.nextExpectedRevision,
      position: result.position,
      events: result.duplicate ? [] : events.map((event) => event.type),
    };
  }

  /** Keeps `entry` as the stream's, the most recently used. */
  private keep<State>(streamId: string, entry: Entry<State>): void {
    this.streams.delete(streamId);
    this.streams.set(streamId, entry as Entry<unknown>);
    if (this.streams.size > this.capacity) this.streams.delete(this.streams.keys().next().value!);
  }
}

/** `events` folded on top of `base` into a new entry: never one changed in place, so a decision made on `base` stands. */
function foldedOn<Event extends AnyEvent, State>(
  base: FoldedStream<State>,
  decider: Decider<never, Event, State>,
  events: RecordedEvent[],
): Entry<State> {
  const commands = events.some((event) => event.metadata.commandId !== null)
    ? new Map(base.commands)
    : (base.commands as Map<string, WrittenCommand>);
  // The domain's replay, started from the state kept rather than the initial one.
  const state = replay({ ...decider, initialState: base.state }, events.map(stamped<Event>));
  const last = events.at(-1);
  const head = last ? { revision: last.revision, hash: last.hash, recordedAt: last.metadata.recordedAt } : base.head;
  for (const event of events) {
    const commandId = event.metadata.commandId;
    if (commandId === null) continue;
    const written = commands.get(commandId);
    commands.set(commandId, {
      revision: event.revision,
      position: event.position,
      events: [...(written?.events ?? []), event.type],
    });
  }
  return { decider: decider as Entry<State>['decider'], state, head, commands };
}

const stamped = <Event extends AnyEvent>(event: RecordedEvent) => ({
  event: { type: event.type, data: event.data } as unknown as Event,
  effectiveAt: event.metadata.effectiveAt.toISOString(),
});
