import type { Decider, StampedEvent } from '../decider.js';
import { DomainError } from '../domain-error.js';
import type { DecideContext, IsoDateTime } from '../values.js';

/** When the given events took effect, unless a test says otherwise with `at`. */
export const GIVEN_AT: IsoDateTime = '2024-04-01T09:00:00.000Z';
/** The clock `decide` is given, unless a test says otherwise. */
export const NOW: IsoDateTime = '2024-06-01T12:00:00.000Z';

export type Given<Event> = Event | StampedEvent<Event>;
/** A given event that took effect at a particular time. */
export const at = <Event>(effectiveAt: IsoDateTime, event: Event): StampedEvent<Event> => ({ event, effectiveAt });

/** What `decide` did: the events it returned, or the DomainError it threw (any other error is a bug and propagates). */
export type Outcome<Event> = { events: Event[] } | { error: DomainError };

/**
 * Given/When/Then without a test framework (so the testing folder depends on nothing outside the domain):
 * `expect(spec.given([...]).when(command)).toEqual({ events: [...] })`.
 */
export function deciderSpec<Command, Event extends { type: string }, State>(decider: Decider<Command, Event, State>) {
  return {
    given: (events: Given<Event>[]) => ({
      when: (command: Command, context: DecideContext = { now: NOW }): Outcome<Event> => {
        let state = decider.initialState;
        for (const given of events) {
          const { event, effectiveAt } = 'event' in given ? given : { event: given, effectiveAt: GIVEN_AT };
          state = decider.evolve(state, event, effectiveAt);
        }
        try {
          return { events: decider.decide(command, state, context) };
        } catch (error) {
          if (error instanceof DomainError) return { error };
          throw error;
        }
      },
    }),
  };
}
