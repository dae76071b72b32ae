import { randomUUID } from 'node:crypto';
import { DomainError, decideAction, evolveAction, type ActionEvent, type ActionState } from '#domain';
import type { EventData, EventStore } from '#event-store';
import { aCreateActionCommand, randomActionCommands, seededRandom } from '../../../domain/src/testing/index.js';

const manager = { id: 'key-gen', name: 'Generated Manager', role: 'manager' };
const NOW = '2026-01-01T00:00:00.000Z';

export interface GeneratedShape {
  seed: number;
  plans: number;
  actionsPerPlan: number;
  commandsPerAction: number;
  /** Share of changes backdated as time moves forward (see HistoryShape); without it, every effective time at random. */
  backdated?: number;
}

/**
 * Fills a store with plans, a source, and actions with generated histories (backdated changes,
 * completions, reopenings, carry-forwards to the next plan), each command decided by the domain
 * against the action's state as a handler would, so every event is one the service could write.
 */
export async function appendGeneratedHistories(
  store: EventStore,
  shape: GeneratedShape,
): Promise<{ planIds: string[]; actionIds: string[] }> {
  const random = seededRandom(shape.seed);
  const sourceId = randomUUID();
  await store.append(
    `source-${sourceId}`,
    [
      {
        type: 'SourceRegistered',
        data: { sourceId, kind: 'ofsted-inspection', title: 'Ofsted ILACS July 2016', date: '2016-07-01' },
      },
    ],
    { expectedRevision: 'no_stream', actor: manager, origin: 'api' },
  );
  const planIds = Array.from({ length: shape.plans }, () => randomUUID());
  for (const [n, planId] of planIds.entries()) {
    const year = 2019 + n;
    const data = {
      planId,
      title: `Service Development Plan ${year}-${String(year + 1).slice(2)}`,
      periodStart: `${year}-04-01`,
      periodEnd: `${year + 1}-03-31`,
      owner: 'HoS',
      board: 'CSMT',
      reviewFrequency: 'Quarterly',
    };
    await store.append(`plan-${planId}`, [{ type: 'PlanOpened', data }], {
      expectedRevision: 'no_stream',
      actor: manager,
      origin: 'api',
    });
  }
  const actionIds: string[] = [];
  for (const [n, planId] of planIds.entries()) {
    for (let a = 0; a < shape.actionsPerPlan; a++) {
      const actionId = randomUUID();
      actionIds.push(actionId);
      const createdAt = `${2019 + n}-04-01T00:00:00.000Z`;
      let state: ActionState = null;
      const append = async (events: ActionEvent[], effectiveAt: string, reason: string | null) => {
        if (events.length === 0) return;
        await store.append(
          `action-${actionId}`,
          events.map((event) => ({ type: event.type, data: event.data as EventData })),
          { expectedRevision: 'any', actor: manager, origin: 'api', effectiveAt: new Date(effectiveAt), reason },
        );
        for (const event of events) state = evolveAction(state, event, effectiveAt);
      };
      await append(
        decideAction(
          aCreateActionCommand({
            actionId,
            planId,
            sourceId,
            recommendationId: null,
            ref: `${n + 1}.${a + 1}`,
            effectiveAt: createdAt,
          }),
          null,
          { now: NOW },
        ),
        createdAt,
        null,
      );
      const commands = randomActionCommands(random, {
        actionId,
        count: shape.commandsPerAction,
        from: createdAt,
        to: '2025-12-01T00:00:00.000Z',
        laterPlanIds: planIds.slice(n + 1),
        ...(shape.backdated !== undefined ? { backdated: shape.backdated } : {}),
      });
      for (const command of commands) {
        try {
          const events = decideAction(command, state, { now: NOW });
          await append(
            events,
            command.data.effectiveAt ?? NOW,
            'reason' in command.data ? (command.data.reason ?? null) : null,
          );
        } catch (error) {
          if (!(error instanceof DomainError)) throw error;
        }
      }
    }
  }
  return { planIds, actionIds };
}
