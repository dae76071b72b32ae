import { randomUUID } from 'node:crypto';
import type { CommandExecutor } from '#command-handling';
import { actionDecider, actionStreamId } from '#domain';
import type { Actor } from '#event-store';
import { anActionDescription } from '../../libs/domain/src/testing/index.js';
import { closedLoop, inParallel, type LoadResult } from './harness.js';
import { httpClient, type HttpService } from './stores.js';

/**
 * Status changes through the HTTP API, spread over many actions: what benchmarks a, d and f send.
 * Each action is driven by one caller at a time with the revision its last write answered
 * (If-Match), cycling red → amber → green, so every command appends exactly one event.
 */

export interface DrivenAction {
  id: string;
  revision: number;
  turns: number;
}

export const STATUSES = ['red', 'amber', 'green'] as const;

export type Client = ReturnType<typeof httpClient>;

export async function seedActions(service: HttpService, client: Client, count: number): Promise<DrivenAction[]> {
  const auth = { Authorization: `Bearer ${service.managerKey}` };
  const created = async (path: string, body: unknown): Promise<{ id: string; revision: number }> => {
    const response = await client.request('POST', path, auth, body);
    if (response.status !== 201)
      throw new Error(`POST ${path} answered ${response.status}: ${JSON.stringify(response.body)}`);
    return response.body;
  };
  const source = await created('/sources', {
    kind: 'ofsted-inspection',
    title: 'Ofsted ILACS inspection, March 2020',
    date: '2020-03-06',
  });
  const plans = await Promise.all(
    [2023, 2024, 2025].map((year) =>
      created('/plans', {
        title: `Service Development Plan ${year}-${String(year + 1).slice(2)}`,
        periodStart: `${year}-04-01`,
        periodEnd: `${year + 1}-03-31`,
        owner: 'Head of Service',
        board: 'CSMT',
        reviewFrequency: 'Quarterly',
      }),
    ),
  );
  const actions: DrivenAction[] = [];
  await inParallel(
    Array.from({ length: count }, (_, n) => n),
    8,
    async (n) => {
      const action = await created('/actions', {
        planId: plans[n % plans.length]!.id,
        sourceId: source.id,
        ...anActionDescription({
          ref: `${1 + (n % 9)}.${n}`,
          start: { kind: 'text', text: 'April-June' },
          due: { kind: 'date', date: '2025-05-31' },
          experienceOfChildren: null,
          theme: null,
        }),
      });
      actions.push({ id: action.id, revision: action.revision, turns: 0 });
    },
  );
  return actions;
}

/** POSTs one status change to the action and keeps its new revision; the write's position. */
export async function changeStatus(service: HttpService, client: Client, action: DrivenAction): Promise<number> {
  const to = STATUSES[action.turns++ % STATUSES.length];
  const response = await client.request(
    'POST',
    `/actions/${action.id}/status`,
    { Authorization: `Bearer ${service.managerKey}`, 'If-Match': `"${action.revision}"` },
    { to, reason: 'Quarterly review' },
  );
  if (response.status !== 200 || response.body.position === null)
    throw new Error(`POST /actions/${action.id}/status answered ${response.status}: ${JSON.stringify(response.body)}`);
  action.revision = response.body.revision;
  return response.body.position;
}

/** `clients` callers, each owning every clients-th action and walking through its own, for `durationMs`. */
export function commandLoad(
  service: HttpService,
  client: Client,
  actions: DrivenAction[],
  clients: number,
  durationMs: number,
): Promise<LoadResult> {
  return ownedLoop(actions, clients, durationMs, (action) => changeStatus(service, client, action));
}

/**
 * Status changes by the handlers' own command path in this process (read the stream, decide,
 * append with the revision last answered), no HTTP: each of `clients` turns the actions it owns,
 * cycling red → amber → green as commandLoad does over HTTP. Benchmark a's diagnostic row and h's
 * Oversight-against-Emmett rows both measure it.
 */
export function executorStatusLoad(
  executor: CommandExecutor,
  actions: DrivenAction[],
  actor: Actor,
  clients: number,
  durationMs: number,
): Promise<LoadResult> {
  return ownedLoop(actions, clients, durationMs, (action) => changeStatusInProcess(executor, action, actor));
}

/** `clients` callers, each owning every clients-th action and turning its own in order, for `durationMs`. */
function ownedLoop(
  actions: DrivenAction[],
  clients: number,
  durationMs: number,
  turn: (action: DrivenAction) => Promise<unknown>,
): Promise<LoadResult> {
  const owned = Array.from({ length: clients }, (_, k) => actions.filter((_, n) => n % clients === k));
  return closedLoop(clients, durationMs, async (k, n) => {
    const mine = owned[k]!;
    await turn(mine[n % mine.length]!);
  });
}

/** One status change of `action` through the command path in this process, its next colour in turn; answers the position. */
export async function changeStatusInProcess(
  executor: CommandExecutor,
  action: DrivenAction,
  actor: Actor,
): Promise<number> {
  const to = STATUSES[action.turns++ % STATUSES.length]!;
  const result = await executor.execute(
    actionDecider,
    {
      streamId: actionStreamId(action.id),
      id: action.id,
      expectedRevision: action.revision,
      reason: 'Quarterly review',
      command: { type: 'ChangeRagStatus', data: { actionId: action.id, to, reason: 'Quarterly review' } },
    },
    { actor, commandId: null, correlationId: randomUUID() },
  );
  action.revision = result.revision;
  return result.position!;
}
