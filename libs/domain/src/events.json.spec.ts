import { describe, expect, it } from '@jest/globals';
import type { ActionEvent } from './action/action.events.js';
import type { DomainEvent } from './domain-event.js';
import { anActionEvent } from './testing/action.builders.js';
import { aPlanOpened } from './testing/plan.builders.js';
import { aRecommendationRecorded } from './testing/recommendation.builders.js';
import { aSourceRegistered } from './testing/source.builders.js';
import type { JsonObject } from './values.js';

// Compile-time: every event's data is assignable to JSON (no Date, undefined or class instances).
const asJson = (event: DomainEvent): JsonObject => event.data;

const actionTypes: { [T in ActionEvent['type']]: true } = {
  ActionCreated: true,
  ActionReassigned: true,
  RagStatusChanged: true,
  CommentAdded: true,
  EvidenceAttached: true,
  DueDateChanged: true,
  ActionAmended: true,
  RetainedForOversight: true,
  ActionCompleted: true,
  ActionReopened: true,
  ActionCarriedForward: true,
  ActionWithdrawn: true,
  Redacted: true,
};

const samples: DomainEvent[] = [
  aSourceRegistered(),
  {
    type: 'RecommendationFiled',
    data: { sourceId: 'src-1', recommendationId: 'rec-1', reference: null, text: 'Written plans' },
  },
  aRecommendationRecorded(),
  {
    type: 'RecommendationRestated',
    data: { recommendationId: 'rec-1', planId: 'plan-1', reference: 'R1', text: 'R1: written plans' },
  },
  { type: 'RecommendationsLinked', data: { recommendationId: 'rec-2', survivorId: 'rec-1' } },
  { type: 'RecommendationsUnlinked', data: { recommendationId: 'rec-2', survivorId: 'rec-1' } },
  aPlanOpened(),
  ...(Object.keys(actionTypes) as ActionEvent['type'][]).map((type) => anActionEvent(type)),
];

describe('event data', () => {
  it.each(samples.map((event) => [event.type, event] as const))(
    '%s survives a JSON round trip unchanged',
    (_type, event) => {
      expect(JSON.parse(JSON.stringify(asJson(event)))).toEqual(event.data);
    },
  );
});
