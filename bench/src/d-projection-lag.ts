import { randomUUID } from 'node:crypto';
import { actionStreamId } from '#domain';
import { allProjections, Projector } from '#read-store';
import { CommandExecutor, FoldedStreams, systemClock } from '#command-handling';
import { seededRandom } from '../../libs/domain/src/testing/index.js';
import { now, percentile, sleep, type BenchOptions, type Results } from './harness.js';
import { changeStatus, changeStatusInProcess, commandLoad, seedActions, type DrivenAction } from './commands-load.js';
import { actionHistory } from './generated-store.js';
import { httpClient, serverStore, startServiceProcess } from './stores.js';

export const LAG_GOAL_MS = 100;
const RATE = 500;

/**
 * d. Projection lag under a steady 500 commands/s, sent on a fixed schedule (open loop: each
 * command leaves at its time whether or not earlier ones have answered). For each write the lag
 * runs from its answer (the append is committed) to the moment a query can see it:
 * `Projector.waitFor(position)` resolves once the read-model transaction holding that position has
 * committed — the signal the API's X-Wait-For-Position waits on. A write already visible when its
 * answer arrives counts 0.
 *
 * Run twice: commands through the command path in process (read the stream, decide, append:
 * `CommandExecutor`, as the handlers call it) with the projector inline, which isolates the
 * projection; then through the HTTP API, which on a small machine may not reach 500/s — the
 * achieved rate is printed beside it.
 */
export async function projectionLagBenchmark(options: BenchOptions, results: Results): Promise<void> {
  const seconds = options.quick ? 3 : 10;
  await inProcess(options, results, seconds);
  await throughHttp(options, results, seconds);
}

interface LagRun {
  lags: number[];
  latencies: number[];
  achieved: number;
  late: number;
  skipped: number;
}

/** Sends `RATE` commands a second for `seconds`, each to an action with none in flight. */
async function steadyLoad(
  actions: DrivenAction[],
  seconds: number,
  send: (action: DrivenAction) => Promise<number>,
  waitFor: (position: number, action: DrivenAction) => Promise<boolean>,
): Promise<LagRun> {
  const busy = new Set<DrivenAction>();
  let cursor = 0;
  const run: LagRun = { lags: [], latencies: [], achieved: 0, late: 0, skipped: 0 };
  const one = async () => {
    let action: DrivenAction | undefined;
    for (let tries = 0; tries < actions.length && !action; tries++) {
      const candidate = actions[cursor++ % actions.length]!;
      if (!busy.has(candidate)) action = candidate;
    }
    if (!action) {
      run.skipped++;
      return;
    }
    busy.add(action);
    const sent = now();
    const position = await send(action).finally(() => busy.delete(action));
    const answered = now();
    run.latencies.push(answered - sent);
    if (!(await waitFor(position, action))) run.late++;
    run.lags.push(now() - answered);
  };
  const total = RATE * seconds;
  const inFlight: Promise<void>[] = [];
  const start = now();
  for (let n = 0; n < total;) {
    const due = Math.floor(((now() - start) / 1000) * RATE) + 1;
    while (n < Math.min(due, total)) {
      inFlight.push(one());
      n++;
    }
    await sleep(1);
  }
  const sending = (now() - start) / 1000;
  await Promise.all(inFlight);
  run.achieved = run.latencies.length / Math.max(sending, seconds);
  return run;
}

function report(results: Results, run: LagRun, path: string, seconds: number, actions: number): void {
  const p99 = percentile(run.lags, 99);
  results.add({
    benchmark: 'd',
    measure: `projection lag p99 (write answered → visible to queries), ${path}, ${RATE} cmd/s scheduled for ${seconds} s, ${Math.round(run.achieved)} cmd/s achieved (lag p50 ${percentile(run.lags, 50).toFixed(1)} ms; command p50 ${percentile(run.latencies, 50).toFixed(1)} / p99 ${percentile(run.latencies, 99).toFixed(1)} ms)`,
    value: p99,
    unit: 'ms',
    raw: null,
    ratio: null,
    goal: `< ${LAG_GOAL_MS} ms at ${RATE} cmd/s`,
    met: p99 < LAG_GOAL_MS && run.late === 0 && run.skipped === 0 && run.achieved >= RATE * 0.95,
  });
  results.note(
    'd',
    `${path}: ${run.lags.length} writes over ${actions} actions; ${run.late} not visible within 10 s; ${run.skipped} sends skipped because every action had a command in flight.`,
  );
}

async function inProcess(options: BenchOptions, results: Results, seconds: number): Promise<void> {
  const bench = await serverStore(options, 'oversight_bench_lag', 20);
  const projector = new Projector(bench.store, bench.readDatabase, allProjections);
  try {
    const random = seededRandom(17);
    const actions: DrivenAction[] = [];
    const planId = randomUUID();
    for (let n = 0; n < 600; n++) {
      const actionId = randomUUID();
      const events = actionHistory({
        random,
        actionId,
        planId,
        sourceId: 'bench-source',
        recommendationId: null,
        ref: `1.${n}`,
        createdAt: '2025-04-01T09:00:00.000Z',
        laterPlanIds: [],
        events: 1,
      });
      await bench.store.append(actionStreamId(actionId), events, {
        expectedRevision: 'no_stream',
        actor: ACTOR,
        origin: 'api',
      });
      actions.push({ id: actionId, revision: 0, turns: 0 });
    }
    await projector.start();
    const executor = new CommandExecutor(bench.store, new FoldedStreams(bench.store), systemClock);
    const send = (action: DrivenAction) => changeStatusInProcess(executor, action, ACTOR);
    await steadyLoad(actions, options.quick ? 1 : 2, send, (position) => projector.waitFor(position, 10_000));
    report(
      results,
      await steadyLoad(actions, seconds, send, (position) => projector.waitFor(position, 10_000)),
      'command path in process (CommandExecutor), projector inline',
      seconds,
      actions.length,
    );
  } finally {
    await projector.stop();
    await bench.close();
  }
}

/**
 * Through the HTTP API, the service in a process of its own: a write is visible once a query for
 * its action sent with the position it answered (`?waitFor=`, read-your-writes) answers without
 * `X-Read-Models-Behind: true`; the lag includes that query's own round trip.
 */
async function throughHttp(options: BenchOptions, results: Results, seconds: number): Promise<void> {
  const service = await startServiceProcess('postgres', options.serverUrl);
  const client = httpClient(service.baseUrl, 64);
  try {
    const actions = await seedActions(service, client, 600);
    await commandLoad(service, client, actions, 8, options.quick ? 500 : 2_000);
    const visible = async (position: number, action: DrivenAction) => {
      const response = await client.request('GET', `/actions/${action.id}?waitFor=${position}`, {
        Authorization: `Bearer ${service.managerKey}`,
      });
      if (response.status !== 200)
        throw new Error(`GET /actions/${action.id} answered ${response.status}: ${JSON.stringify(response.body)}`);
      return response.headers['x-read-models-behind'] === 'false';
    };
    const run = await steadyLoad(actions, seconds, (action) => changeStatus(service, client, action), visible);
    report(
      results,
      run,
      'through the HTTP API (service in its own process, visible = a read-your-writes query answers), projector inline',
      seconds,
      actions.length,
    );
  } finally {
    client.close();
    await service.close();
  }
}

const ACTOR = { id: 'bench', name: 'Bench manager', role: 'manager' };
