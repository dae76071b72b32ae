import { replay, type CalendarDays, type Decider, type IsoDateTime, type StampedEvent } from '#domain';
import { NO_STREAM, type EventData, type NewEvent, type StreamWrite } from '#event-store';
import { decideContext, type Clock } from './clock.js';
import type { AnyEvent } from './folded-streams.js';

/** A stream as loaded for a batch: its folded state and the revision of its last event (null: no stream yet). */
export interface LoadedStream<State> {
  state: State;
  revision: number | null;
}

/**
 * A moment the state is also followed as of (`stateAsOf`), and the stream's events when some of
 * them took effect after it (without them, nothing in the stream took effect after the moment).
 */
export interface AsOf<Event> {
  at: IsoDateTime;
  history?: StampedEvent<Event>[];
}

/** What a batch needs of a stream it holds: its write. */
type Writer = { write(): StreamWrite | null };

/**
 * Many commands decided on many streams and written in one `appendMany`, all or nothing: the way
 * a command handled alone (CommandExecutor) would, for a caller that brings many streams to a
 * state at once (an import). Every decision is made at one moment, the batch's `now`, read once
 * from the clock it is given; each stream's write expects the revision its decisions were made on.
 * Nothing is written until `appendBatch` (command-executor.ts, beside the append of a command
 * alone): the batch can be looked at (a dry run, a summary) first.
 */
export class StreamBatch {
  /** The moment every decision in the batch is made at. */
  readonly now: IsoDateTime;
  private readonly streams: Writer[] = [];

  constructor(
    clock: Clock,
    /** Why, as every event of the batch records it. */
    readonly reason: string | null = null,
    /** The service's days (TIME_ZONE), for a decision that compares a day with a moment. */
    readonly calendar?: CalendarDays,
  ) {
    this.now = clock.now().toISOString();
  }

  /** A stream to decide on, as loaded (undefined: it does not exist yet); written with the batch, streams in the order opened. */
  open<Command, Event extends AnyEvent, State>(
    streamId: string,
    decider: Decider<Command, Event, State>,
    loaded: LoadedStream<State> | undefined,
    asOf: AsOf<Event> | null = null,
  ): PendingStream<Command, Event, State> {
    const stream = new PendingStream(
      streamId,
      decider,
      loaded,
      { now: this.now, reason: this.reason, calendar: this.calendar },
      asOf,
    );
    this.streams.push(stream);
    return stream;
  }

  /** Leaves a stream out of the batch: nothing decided on it is written (one of its commands was refused, say). */
  drop(stream: Writer): void {
    const at = this.streams.indexOf(stream);
    if (at >= 0) this.streams.splice(at, 1);
  }

  /** One write per stream that changes, in the order the streams were opened. */
  writes(): StreamWrite[] {
    return this.streams.map((stream) => stream.write()).filter((write): write is StreamWrite => write !== null);
  }
}

/**
 * One stream's decisions in a batch: each command decided on the state folded so far, its events
 * folded at once and kept to be written. A refused command (the decider throws) folds nothing.
 *
 * The state as of a moment (`stateAsOf`) is followed here, beside the state, rather than by the
 * caller: each event decided is folded into both at one step, with its effective time, which only
 * the class that folds knows; kept apart, an event could reach one state and not the other.
 */
export class PendingStream<Command, Event extends AnyEvent, State> {
  private readonly pending: NewEvent[] = [];
  private current: State;
  private asOfState: State;
  private readonly revision: number | null;

  constructor(
    readonly streamId: string,
    private readonly decider: Decider<Command, Event, State>,
    loaded: LoadedStream<State> | undefined,
    private readonly batch: { now: IsoDateTime; reason: string | null; calendar?: CalendarDays | undefined },
    readonly asOf: AsOf<Event> | null = null,
  ) {
    this.current = loaded?.state ?? decider.initialState;
    this.revision = loaded?.revision ?? null;
    // Folding in recorded order the events in effect by then gives the state then: each value is the latest in effect.
    // With no history, nothing in the stream took effect after the moment: the state then is the state now.
    this.asOfState =
      asOf?.history === undefined
        ? this.current
        : replay(
            decider,
            asOf.history.filter((event) => Date.parse(event.effectiveAt) <= Date.parse(asOf.at)),
          );
  }

  /** The state with every event decided so far. */
  get state(): State {
    return this.current;
  }

  /** The state as it stood at `asOf.at`, with the events decided so far that took effect by then; the state itself when no moment is given. */
  get stateAsOf(): State {
    return this.asOf === null ? this.current : this.asOfState;
  }

  /** The events decided so far, as they will be written. */
  get events(): readonly NewEvent[] {
    return this.pending;
  }

  /** Decides the command on the state so far and folds what it yields; `effectiveAt` null means when the store records it (the batch's now). */
  decide(command: Command, effectiveAt: IsoDateTime | null, origin: string): Event[] {
    const events = this.decider.decide(
      command,
      this.current,
      decideContext(new Date(this.batch.now), this.batch.calendar),
    );
    const at = effectiveAt ?? this.batch.now;
    for (const event of events) {
      this.current = this.decider.evolve(this.current, event, at);
      if (this.asOf !== null && Date.parse(at) <= Date.parse(this.asOf.at))
        this.asOfState = this.decider.evolve(this.asOfState, event, at);
      this.pending.push({
        type: event.type,
        data: event.data as EventData,
        origin,
        reason: this.batch.reason,
        ...(effectiveAt ? { effectiveAt: new Date(effectiveAt) } : {}),
      });
    }
    return events;
  }

  /** The stream's part of the batch's append, expecting the revision its decisions were made on; null when nothing changes. */
  write(): StreamWrite | null {
    return this.pending.length === 0
      ? null
      : { streamId: this.streamId, events: this.pending, expectedRevision: this.revision ?? NO_STREAM };
  }
}
