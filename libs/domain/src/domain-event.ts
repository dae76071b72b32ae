import type { ApiKeyEvent } from './access/api-key.events.js';
import type { ActionEvent } from './action/action.events.js';
import type { PlanEvent } from './plan/plan.events.js';
import type { RecommendationEvent } from './recommendation/recommendation.events.js';
import type { SourceEvent } from './source/source.events.js';

/**
 * Every event the domain writes, by type: what a projection or a page switches on, so that a new
 * event type is a compile error wherever it is not yet handled.
 */
export type DomainEvent = SourceEvent | RecommendationEvent | PlanEvent | ActionEvent | ApiKeyEvent;
export type DomainEventType = DomainEvent['type'];
