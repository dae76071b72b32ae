import type { DecideContext, IsoDateTime } from './values.js';

/** An aggregate's behaviour as data, after emmett's Decider: a generic command handler needs only this. */
export type Decider<Command, Event, State> = {
  decide(command: Command, state: State, context: DecideContext): Event[];
  /** Pure: `effectiveAt` is the stored envelope's effective time, passed in because evolve reads no clock. */
  evolve(state: State, event: Event, effectiveAt: IsoDateTime): State;
  initialState: State;
};

/** An event with the effective time its envelope carries. */
export type StampedEvent<Event> = { event: Event; effectiveAt: IsoDateTime };

/** The state after the given events: what a handler loads before deciding, or a plan as it stood. */
export function replay<Command, Event, State>(
  decider: Decider<Command, Event, State>,
  events: Iterable<StampedEvent<Event>>,
): State {
  let state = decider.initialState;
  for (const { event, effectiveAt } of events) state = decider.evolve(state, event, effectiveAt);
  return state;
}
