import { fork } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { actionDecider, actionStreamId, type ActionCommand } from '#domain';
import { CommandExecutor, FoldedStreams, systemClock } from '#command-handling';
import { DEFAULT_APPENDS_IN_FLIGHT, MAX_APPEND_GROUP } from '#event-store';
import { aCreateActionCommand } from '../../libs/domain/src/testing/index.js';
import { createTestDatabase } from '../../libs/event-store/src/testing/test-databases.js';
import type { CrudServiceReady } from '../peers/crud/crud-service-process.js';
import {
  appendHistoryWithEmmett,
  EMMETT_SETTINGS,
  executeWithEmmett,
  openEmmett,
  type EmmettPeer,
} from '../peers/emmett/emmett-actions.js';
import { commandLoad, executorStatusLoad, seedActions, STATUSES, type DrivenAction } from './commands-load.js';
import { generatedBatches, storeAppendMany, type StreamBatch } from './generated-store.js';
import {
  closedLoop,
  inParallel,
  machine,
  now,
  ratio,
  type BenchOptions,
  type LoadResult,
  type ResultRow,
  type Results,
} from './harness.js';
import { createRawEventsTable, eventRowsAsText, rawCopy, rawSingleRowInserts, sampleEventRow } from './raw-postgres.js';
import { httpClient, profiling, serverStore, startServiceProcess, type BenchStore } from './stores.js';

/**
 * h. The peers a team would pick instead, on the same PostgreSQL server, in the same run, each
 * beside raw PostgreSQL (issue 19):
 * 1. the conventional build (bench/peers/crud: NestJS + TypeORM, an actions row updated in place
 *    with a version column, an audit_log row in the same transaction) over HTTP, beside the
 *    service's status change over HTTP, at 1 and 16 clients;
 * 2. Emmett's PostgreSQL event store (bench/peers/emmett) running the same action decider through
 *    its CommandHandler, in process, beside Oversight's CommandExecutor, at 1 and 16 writers; and
 *    Emmett's append of whole histories beside the store's appendMany;
 * 3. raw PostgreSQL (single-row INSERT commits; COPY) as the limit row of each.
 */

export const PEER_GOALS = { http: 1.0, inProcess: 1.0, bulk: 1.0, limit16: 0.5 } as const;
const CONCURRENCIES = [1, 16] as const;
const POOL_SIZE = 20;
const ACTOR = { id: 'bench', name: 'Bench manager', role: 'manager' };

const versionOf = (name: string): string => {
  try {
    return (JSON.parse(readFileSync(`node_modules/${name}/package.json`, 'utf8')) as { version: string }).version;
  } catch {
    return 'unknown';
  }
};

export async function peersBenchmark(options: BenchOptions, results: Results): Promise<void> {
  results.settings.h = {
    crud: {
      what: 'bench/peers/crud: NestJS + TypeORM CRUD, actions updated in place (version column), audit_log row in the same transaction',
      versions: {
        typeorm: versionOf('typeorm'),
        '@nestjs/typeorm': versionOf('@nestjs/typeorm'),
        '@nestjs/core': versionOf('@nestjs/core'),
        'class-validator': versionOf('class-validator'),
        pg: versionOf('pg'),
      },
      settings: {
        poolSize: POOL_SIZE,
        transaction: 'DataSource.transaction(manager => findOneBy, update WHERE id AND version, insert audit row)',
        apiKeys: 'SHA-256 of the key looked up in api_keys (TypeORM repository), kept in memory for 60 s once checked',
        validation:
          'global ValidationPipe (whitelist, forbidNonWhitelisted, transform, stopAtFirstError), class-validator on the body',
        process: 'its own process, as the service runs in benchmark a; helmet as the service has it',
      },
    },
    emmett: {
      versions: {
        '@event-driven-io/emmett-postgresql': versionOf('@event-driven-io/emmett-postgresql'),
        '@event-driven-io/emmett': versionOf('@event-driven-io/emmett'),
        '@event-driven-io/dumbo': versionOf('@event-driven-io/dumbo'),
      },
      settings: { ...EMMETT_SETTINGS, poolSize: POOL_SIZE, bulkPoolSize: 6 },
    },
    oversight: {
      poolSize: POOL_SIZE,
      projector: 'inline in the service process (HTTP rows); none in process',
      groupCommit: `single-event appends beyond ${DEFAULT_APPENDS_IN_FLIGHT} at the server at once wait and go together, up to ${MAX_APPEND_GROUP} a statement and commit (AppendGroups)`,
    },
  };
  await httpPeers(options, results);
  await inProcessPeers(options, results);
  await bulkPeers(options, results);
}

// ---------------------------------------------------------------- 1. the CRUD build over HTTP

interface CrudService {
  baseUrl: string;
  key: string;
  actions: DrivenAction[];
  close(): Promise<void>;
}

export async function startCrudProcess(serverUrl: string, actions: number): Promise<CrudService> {
  const database = await createTestDatabase(serverUrl, 'oversight_bench_crud');
  const child = fork(fileURLToPath(new URL('../peers/crud/crud-service-process.js', import.meta.url)), [], {
    env: {
      PATH: process.env.PATH ?? '',
      CRUD_DATABASE_URL: database.url,
      CRUD_POOL_SIZE: String(POOL_SIZE),
      CRUD_ACTIONS: String(actions),
    },
    execArgv: profiling(),
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  try {
    const ready = await Promise.race([
      new Promise<CrudServiceReady>((resolve) =>
        child.once('message', (message) => resolve(message as CrudServiceReady)),
      ),
      exited.then((code) => Promise.reject(new Error(`The CRUD peer exited (${code}) before it listened`))),
    ]);
    return {
      baseUrl: `http://127.0.0.1:${ready.port}`,
      key: ready.key,
      actions: ready.actions.map((action) => ({ ...action, turns: 0 })),
      async close() {
        child.send('close');
        await exited;
        await new Promise((resolve) => setTimeout(resolve, 250));
        await database.drop();
      },
    };
  } catch (error) {
    child.kill('SIGKILL');
    await exited;
    await database.drop();
    throw error;
  }
}

export function crudLoad(
  crud: CrudService,
  client: ReturnType<typeof httpClient>,
  clients: number,
  durationMs: number,
) {
  const owned = Array.from({ length: clients }, (_, k) => crud.actions.filter((_, n) => n % clients === k));
  return closedLoop(clients, durationMs, async (k, n) => {
    const mine = owned[k]!;
    const action = mine[n % mine.length]!;
    const to = STATUSES[action.turns++ % STATUSES.length];
    const response = await client.request(
      'POST',
      `/actions/${action.id}/status`,
      { Authorization: `Bearer ${crud.key}`, 'If-Match': `"${action.revision}"` },
      { to, reason: 'Quarterly review' },
    );
    if (response.status !== 200)
      throw new Error(
        `CRUD POST /actions/${action.id}/status answered ${response.status}: ${JSON.stringify(response.body)}`,
      );
    action.revision = response.body.revision;
  });
}

async function httpPeers(options: BenchOptions, results: Results): Promise<void> {
  const durationMs = options.quick ? 2_000 : 10_000;
  const count = options.quick ? 64 : 256;
  const service = await startServiceProcess('postgres', options.serverUrl, POOL_SIZE);
  const crud = await startCrudProcess(options.serverUrl, count).catch(async (error: unknown) => {
    await service.close();
    throw error;
  });
  const client = httpClient(service.baseUrl, 32);
  const crudClient = httpClient(crud.baseUrl, 32);
  try {
    const actions = await seedActions(service, client, count);
    // Warm-up of both (JIT, pools, the key caches, the projector's first batches): not measured.
    await commandLoad(service, client, actions, 16, options.quick ? 500 : 3_000);
    await crudLoad(crud, crudClient, 16, options.quick ? 500 : 3_000);
    const template = await rawTemplate(service.url!);
    for (const clients of CONCURRENCIES) {
      const raw = await rawSingleRowInserts(service.url!, 'raw_events', template, clients, durationMs);
      // Alternating halves, so a drift of the shared machine falls on both alike.
      const half = durationMs / 2;
      const o1 = await commandLoad(service, client, actions, clients, half);
      const c1 = await crudLoad(crud, crudClient, clients, half);
      const o2 = await commandLoad(service, client, actions, clients, half);
      const c2 = await crudLoad(crud, crudClient, clients, half);
      const oversight = merge(o1, o2);
      const peer = merge(c1, c2);
      peerRows(results, {
        what: `status changes via HTTP, ${clients} client${clients > 1 ? 's' : ''}`,
        peerName: 'NestJS + TypeORM CRUD with audit table',
        oversight,
        peer,
        raw,
        rawWhat: `single-row INSERT commits, ${clients} client${clients > 1 ? 's' : ''}`,
        goal: PEER_GOALS.http,
        goalText: '≥',
        latencies: true,
      });
    }
    results.note(
      'h',
      `HTTP: the service (projector inline, as \`npm start\`) and the CRUD peer each in a process of their own on a database of their own, ${count} actions each, driven one client per action at a time with If-Match; each measurement ${durationMs / 1000} s, alternating halves between the two; pools of ${POOL_SIZE} on both; ${machine().cpus} cores shared by the client, both services and the database.`,
    );
  } finally {
    client.close();
    crudClient.close();
    await crud.close();
    await service.close();
  }
}

/** Two halves of one measurement as one. */
function merge(a: LoadResult, b: LoadResult): LoadResult {
  const latencies = [...a.latencies, ...b.latencies];
  const sorted = [...latencies].sort((x, y) => x - y);
  const at = (p: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
  const seconds = a.seconds + b.seconds;
  return {
    operations: latencies.length,
    seconds,
    perSecond: latencies.length / seconds,
    p50: at(50),
    p99: at(99),
    latencies,
  };
}

async function rawTemplate(url: string): Promise<Record<string, string | null>> {
  const pool = new pg.Pool({ connectionString: url, max: 1 });
  try {
    await createRawEventsTable(pool);
    return await sampleEventRow(pool, 'RagStatusChanged');
  } finally {
    await pool.end();
  }
}

// ---------------------------------------------------------------- 2. Emmett's command handling in process

async function inProcessPeers(options: BenchOptions, results: Results): Promise<void> {
  const durationMs = options.quick ? 2_000 : 10_000;
  const count = options.quick ? 64 : 256;
  const bench = await serverStore(options, 'oversight_bench_peer_os', POOL_SIZE);
  const emmettDatabase = await createTestDatabase(options.serverUrl, 'oversight_bench_emmett');
  let emmett: EmmettPeer | null = null;
  try {
    emmett = await openEmmett(emmettDatabase.url, POOL_SIZE);
    const executor = new CommandExecutor(bench.store, new FoldedStreams(bench.store), systemClock);
    const context = () => ({ actor: ACTOR, commandId: null, correlationId: randomUUID() });
    const recorded = () => ({ actor: ACTOR, reason: 'Quarterly review', origin: 'api', correlationId: randomUUID() });
    const planId = randomUUID();
    const sourceId = randomUUID();
    const create = (actionId: string): ActionCommand =>
      aCreateActionCommand({ actionId, planId, sourceId, effectiveAt: undefined });
    const ours: DrivenAction[] = [];
    const theirs: { id: string; version: bigint; turns: number }[] = [];
    await inParallel(
      Array.from({ length: count }, () => randomUUID()),
      8,
      async (id) => {
        const written = await executor.execute(
          actionDecider,
          { streamId: actionStreamId(id), id, expectedRevision: 'new', command: create(id) },
          context(),
        );
        ours.push({ id, revision: written.revision, turns: 0 });
        theirs.push({
          id,
          version: await executeWithEmmett(emmett!.store, id, create(id), null, recorded()),
          turns: 0,
        });
      },
    );
    const oversightLoad = (clients: number, ms: number) => executorStatusLoad(executor, ours, ACTOR, clients, ms);
    const emmettLoad = (clients: number, ms: number) => {
      const owned = Array.from({ length: clients }, (_, k) => theirs.filter((_, n) => n % clients === k));
      return closedLoop(clients, ms, async (k, n) => {
        const mine = owned[k]!;
        const action = mine[n % mine.length]!;
        const to = STATUSES[action.turns++ % STATUSES.length]!;
        action.version = await executeWithEmmett(
          emmett!.store,
          action.id,
          { type: 'ChangeRagStatus', data: { actionId: action.id, to, reason: 'Quarterly review' } },
          action.version,
          recorded(),
        );
      });
    };
    await oversightLoad(16, options.quick ? 500 : 3_000);
    await emmettLoad(16, options.quick ? 500 : 3_000);
    await createRawEventsTable(bench.pool);
    const template = await sampleEventRow(bench.pool, 'RagStatusChanged');
    for (const clients of CONCURRENCIES) {
      const raw = await rawSingleRowInserts(bench.url, 'raw_events', template, clients, durationMs);
      const half = durationMs / 2;
      const o1 = await oversightLoad(clients, half);
      const e1 = await emmettLoad(clients, half);
      const o2 = await oversightLoad(clients, half);
      const e2 = await emmettLoad(clients, half);
      const oversight = merge(o1, o2);
      const rawWhat = `single-row INSERT commits, ${clients} client${clients > 1 ? 's' : ''}`;
      peerRows(results, {
        what: `status changes in process (read, decide, append at the expected version), ${clients} writer${clients > 1 ? 's' : ''}`,
        peerName: "Emmett's CommandHandler on its PostgreSQL event store",
        oversight,
        peer: merge(e1, e2),
        raw,
        rawWhat,
        goal: PEER_GOALS.inProcess,
        goalText: '>',
        latencies: true,
      });
      if (clients === 16) {
        const r = ratio(oversight.perSecond, raw.perSecond, 'higher');
        results.add({
          benchmark: 'h',
          measure: `Oversight's command path in process (CommandExecutor), 16 writers, against the limit: throughput`,
          value: oversight.perSecond,
          unit: 'cmd/s',
          raw: { value: raw.perSecond, unit: 'rows/s', what: rawWhat },
          ratio: r,
          goal: `ratio ≥ ${PEER_GOALS.limit16}`,
          met: r >= PEER_GOALS.limit16,
        });
      }
    }
    results.note(
      'h',
      `In process: each store on a database of its own on the same server, pools of ${POOL_SIZE}, ${count} actions each (created through each one's command path), one writer per action at a time; each measurement ${durationMs / 1000} s in alternating halves. Oversight's CommandExecutor decides on the state it keeps in memory when the If-Match revision is its head (its normal path); Emmett's CommandHandler reads the stream every time (its documented path). No projections run on either.`,
    );
  } finally {
    await emmett?.close();
    await bench.close();
    await new Promise((resolve) => setTimeout(resolve, 250));
    await emmettDatabase.drop();
  }
}

// ---------------------------------------------------------------- 3. bulk append

async function bulkPeers(options: BenchOptions, results: Results): Promise<void> {
  const events = options.quick ? 10_000 : 200_000;
  const concurrency = 4;
  const batches = [...generatedBatches({ seed: 2, totalEvents: events, actionsPerPlan: 60, eventsPerAction: 35 })];
  const bench: BenchStore = await serverStore(options, 'oversight_bench_peer_bulk', concurrency + 2);
  const emmettDatabase = await createTestDatabase(options.serverUrl, 'oversight_bench_emmett_bulk');
  let emmett: EmmettPeer | null = null;
  try {
    emmett = await openEmmett(emmettDatabase.url, concurrency + 2);
    const writer = storeAppendMany(100);
    let start = now();
    const written = await writer.write(bench.store, batches, concurrency);
    const oversightSeconds = (now() - start) / 1000;

    const recorded = {
      actor: ACTOR,
      reason: null,
      origin: 'import:bench-generated.xlsx#Plan',
      correlationId: randomUUID(),
    };
    let emmettEvents = 0;
    let next = 0;
    start = now();
    await inParallel(Array.from({ length: concurrency }), concurrency, async () => {
      while (next < batches.length) {
        const batch: StreamBatch = batches[next++]!;
        const appended = await appendHistoryWithEmmett(
          emmett!.store,
          batch.streamId,
          batch.events.map((event) => ({ type: event.type, data: event.data, effectiveAt: event.effectiveAt })),
          recorded,
        );
        emmettEvents += appended;
      }
    });
    const emmettSeconds = (now() - start) / 1000;
    if (emmettEvents !== written.events)
      throw new Error(`Emmett wrote ${emmettEvents} events, Oversight ${written.events}`);

    const rows = await eventRowsAsText(bench.pool);
    await createRawEventsTable(bench.pool);
    await bench.pool.query('CHECKPOINT');
    const copy = await rawCopy(bench.url, 'raw_events', rows);
    const oversightRate = written.events / oversightSeconds;
    const emmettRate = emmettEvents / emmettSeconds;
    const versus = oversightRate / emmettRate;
    results.add({
      benchmark: 'h',
      measure: `bulk append, ${written.events.toLocaleString('en-GB')} events, ${concurrency} writers: Oversight's appendMany (100 histories a call, ${written.appends} calls)`,
      value: oversightRate,
      unit: 'events/s',
      raw: { value: copy.perSecond, unit: 'rows/s', what: 'COPY of the same rows, 1 connection' },
      ratio: ratio(oversightRate, copy.perSecond, 'higher'),
      goal: `÷ peer ≥ ${PEER_GOALS.bulk}`,
      met: versus >= PEER_GOALS.bulk,
      peer: {
        name: `Emmett's appendToStream, one whole history a call (${batches.length} calls; it has no append across streams)`,
        value: emmettRate,
        unit: 'events/s',
        ratio: ratio(emmettRate, copy.perSecond, 'higher'),
        versus,
      },
    });
    results.note(
      'h',
      `Bulk: the same ${written.events.toLocaleString('en-GB')} generated events (whole histories, ~35 events each) into each store on a database of its own, ${concurrency} writers, pools of ${concurrency + 2}; Oversight hashes and chains every event, Emmett stores them with their metadata.`,
    );
  } finally {
    await emmett?.close();
    await bench.close();
    await new Promise((resolve) => setTimeout(resolve, 250));
    await emmettDatabase.drop();
  }
}

// ---------------------------------------------------------------- rows

function peerRows(
  results: Results,
  row: {
    what: string;
    peerName: string;
    oversight: LoadResult;
    peer: LoadResult;
    raw: LoadResult;
    rawWhat: string;
    goal: number;
    goalText: '≥' | '>';
    latencies: boolean;
  },
): void {
  const meets = (value: number) => (row.goalText === '≥' ? value >= row.goal : value > row.goal);
  const versus = row.oversight.perSecond / row.peer.perSecond;
  const add = (extra: Omit<ResultRow, 'benchmark'>) => results.add({ benchmark: 'h', ...extra });
  add({
    measure: `${row.what}: throughput`,
    value: row.oversight.perSecond,
    unit: 'cmd/s',
    raw: { value: row.raw.perSecond, unit: 'rows/s', what: row.rawWhat },
    ratio: ratio(row.oversight.perSecond, row.raw.perSecond, 'higher'),
    goal: `÷ peer ${row.goalText} ${row.goal}`,
    met: meets(versus),
    peer: {
      name: row.peerName,
      value: row.peer.perSecond,
      unit: 'cmd/s',
      ratio: ratio(row.peer.perSecond, row.raw.perSecond, 'higher'),
      versus,
    },
  });
  if (!row.latencies) return;
  for (const p of ['p50', 'p99'] as const) {
    const versusLatency = row.peer[p] / row.oversight[p];
    add({
      measure: `${row.what}: ${p} latency`,
      value: row.oversight[p],
      unit: 'ms',
      raw: { value: row.raw[p], unit: 'ms', what: `${p} of ${row.rawWhat}` },
      ratio: ratio(row.oversight[p], row.raw[p], 'lower'),
      goal: p === 'p99' && row.goalText === '≥' ? `÷ peer ${row.goalText} ${row.goal}` : null,
      met: p === 'p99' && row.goalText === '≥' ? meets(versusLatency) : null,
      peer: {
        name: row.peerName,
        value: row.peer[p],
        unit: 'ms',
        ratio: ratio(row.peer[p], row.raw[p], 'lower'),
        versus: versusLatency,
      },
    });
  }
}
