/**
 * Oversight's domain: sources of recommendations, the recommendations, plans, and the actions
 * taken on them, as commands, events, state, `decide` and `evolve`. Pure TypeScript: the clock
 * (`DecideContext.now`) and ids come from the caller.
 */
export * from './domain-error.js';
export { isIsoDate, isIsoDateTime, sameDateOrText } from './values.js';
export type { DateOrText, DecideContext, IsoDate, IsoDateTime, JsonObject, JsonValue } from './values.js';
export * from './decider.js';
export { addDays, CalendarDays, DEFAULT_TIME_ZONE, isTimeZone } from './calendar-day.js';
export type { DomainEvent, DomainEventType } from './domain-event.js';

export * from './source/source.events.js';
export * from './source/source.decider.js';
export * from './source/source-kind-groups.js';

export * from './recommendation/recommendation.events.js';
export * from './recommendation/recommendation.decider.js';

export * from './plan/plan.events.js';
export * from './plan/plan.decider.js';

export * from './redaction/redaction.events.js';

export * from './action/action.events.js';
export * from './action/action.commands.js';
export * from './action/action.state.js';
export * from './action/action.decider.js';

export * from './access/api-key.events.js';
export * from './access/api-key.decider.js';

export * from './retention/retention-rule.js';
