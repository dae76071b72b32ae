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
  let streams = folded.get(store);
  if (!streams) folded.set(store, (streams = new Map()));
  const cached = streams.get(streamId) as Entry<State> | undefined;
  const known = cached && cached.decider === decider ? cached : null;
  const later = await store.readStream(streamId, known ? { fromRevision: known.head!.revision + 1 } : {});
  if (!known && later.length === 0) return { state: decider.initialState, head: null, commands: new Map() };

  // A new entry each time, never one changed in place: a decision made on the last one stands.
  const entry: Entry<State> = known ? { ...known } : { decider: decider as Entry<State>['decider'], state: decider.initialState, head: null, commands: new Map() };
  if (later.some((event) => event.metadata.commandId !== null)) entry.commands = new Map(entry.commands);
  for (const event of later) foldInto(entry, decider, event);
  streams.delete(streamId);
  streams.set(streamId, entry as Entry<unknown>);
  if (streams.size > CAPACITY) streams.delete(streams.keys().next().value!);
  return entry;
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
