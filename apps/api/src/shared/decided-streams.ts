import type { Decider, StampedEvent } from '#domain';
import type { EventStore, KnownHead, RecordedEvent } from '#event-store';

export type AnyEvent = { type: string; data: object };

function toStamped<Event extends AnyEvent>(event: RecordedEvent): StampedEvent<Event> {
  return { event: { type: event.type, data: event.data } as unknown as Event, effectiveAt: event.metadata.effectiveAt.toISOString() };
}

/** What a command id wrote to the stream: a retry is answered with it. */
export interface WrittenCommand {
  revision: number;
  position: number;
  events: string[];
}

/** A stream folded up to its head: what a decision is made on. */
export interface DecidedStream<State> {
  state: State;
  /** The last event (its revision is the stream's); null for a stream with no events. */
  head: KnownHead | null;
  /** Command ids the stream's events were written under. */
  commands: ReadonlyMap<string, WrittenCommand>;
}

interface Entry<State> extends DecidedStream<State> {
  decider: Decider<never, never, State>;
  commands: Map<string, WrittenCommand>;
}

/** Streams kept folded per store; the least recently used go first. */
const CAPACITY = 5_000;
const folded = new WeakMap<EventStore, Map<string, Entry<unknown>>>();

/**
 * Loads a stream folded through its decider, keeping the fold in memory so that the next command
 * on it reads only the events after it. Events are never changed or removed, so a fold of
 * revisions 0..n stays true for ever: whatever was appended since, by this process or another, is
 * read and folded on top. The head it gives lets the append skip reading the head again.
 */
export async function loadDecidedStream<Event extends AnyEvent, State>(
  store: EventStore,
  decider: Decider<never, Event, State>,
  streamId: string,
): Promise<DecidedStream<State>> {
  const known = keptDecidedStream(store, decider, streamId);
  const later = await store.readStream(streamId, known ? { fromRevision: known.head!.revision + 1 } : {});
  if (!known && later.length === 0) return { state: decider.initialState, head: null, commands: new Map() };
  const entry = foldedOn(known ?? { state: decider.initialState, head: null, commands: new Map() }, decider, later);
  keep(keptStreams(store), streamId, entry);
  return entry;
}

/**
 * The stream as kept in memory, read from nowhere: null when none is kept. Its head may be behind
 * the store's, so a decision on it stands only if its append finds that head still the stream's.
 */
export function keptDecidedStream<Event extends AnyEvent, State>(store: EventStore, decider: Decider<never, Event, State>, streamId: string): DecidedStream<State> | null {
  const kept = folded.get(store)?.get(streamId) as Entry<State> | undefined;
  return kept && (kept.decider as unknown) === decider ? kept : null;
}

/**
 * Folds what was just appended on `base` on top of it, as the store recorded it, so that the next
 * command on the stream reads nothing. Left alone unless `base` is still what is kept (or, for a
 * new stream, nothing is) and the events follow its head: a fold kept meanwhile stays.
 */
export function keepAppended<Event extends AnyEvent, State>(
  store: EventStore,
  decider: Decider<never, Event, State>,
  streamId: string,
  base: DecidedStream<State>,
  recorded: RecordedEvent[],
): void {
  const streams = keptStreams(store);
  const kept = streams.get(streamId);
  if (kept ? kept !== base : base.head !== null) return;
  if (recorded[0]?.revision !== (base.head?.revision ?? -1) + 1) return;
  keep(streams, streamId, foldedOn(base, decider, recorded));
}

/** `events` folded on top of `base` into a new entry: never one changed in place, so a decision made on `base` stands. */
function foldedOn<Event extends AnyEvent, State>(base: DecidedStream<State>, decider: Decider<never, Event, State>, events: RecordedEvent[]): Entry<State> {
  const commands = events.some((event) => event.metadata.commandId !== null) ? new Map(base.commands) : (base.commands as Map<string, WrittenCommand>);
  const entry: Entry<State> = { decider: decider as Entry<State>['decider'], state: base.state, head: base.head, commands };
  for (const event of events) foldInto(entry, decider, event);
  return entry;
}

function keptStreams(store: EventStore): Map<string, Entry<unknown>> {
  let streams = folded.get(store);
  if (!streams) folded.set(store, (streams = new Map()));
  return streams;
}

/** Keeps `entry` as the stream's, the most recently used. */
function keep<State>(streams: Map<string, Entry<unknown>>, streamId: string, entry: Entry<State>): void {
  streams.delete(streamId);
  streams.set(streamId, entry as Entry<unknown>);
  if (streams.size > CAPACITY) streams.delete(streams.keys().next().value!);
}

function foldInto<Event extends AnyEvent, State>(entry: Entry<State>, decider: Decider<never, Event, State>, event: RecordedEvent): void {
  const { event: domainEvent, effectiveAt } = toStamped<Event>(event);
  entry.state = decider.evolve(entry.state, domainEvent, effectiveAt);
  entry.head = { revision: event.revision, hash: event.hash, recordedAt: event.metadata.recordedAt };
  const commandId = event.metadata.commandId;
  if (commandId === null) return;
  const written = entry.commands.get(commandId);
  entry.commands.set(commandId, { revision: event.revision, position: event.position, events: [...(written?.events ?? []), event.type] });
}
