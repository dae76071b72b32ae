import { CommandExecutor, FoldedStreams, systemClock } from '#command-handling';
import type { BenchmarkId, BenchOptions, LoadResult, Results } from './harness.js';
import { machine, ratio } from './harness.js';
import { commandLoad, executorStatusLoad, seedActions, type DrivenAction } from './commands-load.js';
import { generatedBatches, storeBatchAppend } from './generated-store.js';
import { createRawEventsTable, rawSingleRowInserts, sampleEventRow } from './raw-postgres.js';
import { createPool, PostgresEventStore } from '#event-store';
import { httpClient, serverStore, startServiceProcess, type HttpService } from './stores.js';

/**
 * a. Commands through the HTTP API — status changes spread over many actions, each one read,
 * decided and appended as the service does (projector inline, as `npm start` runs it) — with 1 and
 * 16 concurrent clients, against single-row INSERT commits at the same concurrency into a twin
 * of the events table in the same database. Goal: throughput ratio ≥ 0.6.
 * f reuses it on the embedded store, against the server's raw figures.
 */

export const CONCURRENCIES = [1, 16] as const;
export const COMMANDS_GOAL = 0.6;

/** Raw INSERT figures by concurrency, shared with f so it compares against the same run's. */
export type RawInserts = Map<number, LoadResult>;

export async function commandsBenchmark(
  options: BenchOptions,
  results: Results,
  kind: 'postgres' | 'embedded',
  raw: RawInserts,
  id: BenchmarkId,
): Promise<void> {
  const durationMs = options.quick ? 2_000 : 10_000;
  const service = await startServiceProcess(kind, options.serverUrl);
  const client = httpClient(service.baseUrl, 32);
  try {
    const actions = await seedActions(service, client, options.quick ? 64 : 256);
    // Warm-up: JIT, connection pools, the projector's first batches; not measured.
    await commandLoad(service, client, actions, 16, options.quick ? 500 : 3_000);
    const template = kind === 'postgres' ? await rawTemplate(service.url!) : null;
    for (const clients of CONCURRENCIES) {
      // The raw figure right before the API's, in the same database, so both meet the same conditions.
      if (template && !raw.has(clients))
        raw.set(clients, await rawSingleRowInserts(service.url!, 'raw_events', template, clients, durationMs));
      const baseline = raw.get(clients) ?? (await rawInsertsOnFreshDatabase(options, clients, durationMs));
      raw.set(clients, baseline);
      const load = await commandLoad(service, client, actions, clients, durationMs);
      const store = kind === 'postgres' ? 'PostgreSQL' : 'embedded';
      const what = `single-row INSERT commits, ${clients} client${clients > 1 ? 's' : ''}`;
      results.add({
        benchmark: id,
        measure: `status changes via HTTP, ${store}, ${clients} client${clients > 1 ? 's' : ''}: throughput`,
        value: load.perSecond,
        unit: 'cmd/s',
        raw: { value: baseline.perSecond, unit: 'rows/s', what },
        ratio: ratio(load.perSecond, baseline.perSecond, 'higher'),
        // The embedded store is for trying the product: its figures are reported without a goal (issue 19).
        goal: kind === 'postgres' ? `ratio ≥ ${COMMANDS_GOAL}` : null,
        met: kind === 'postgres' ? ratio(load.perSecond, baseline.perSecond, 'higher') >= COMMANDS_GOAL : null,
      });
      for (const p of ['p50', 'p99'] as const) {
        results.add({
          benchmark: id,
          measure: `status changes via HTTP, ${store}, ${clients} client${clients > 1 ? 's' : ''}: ${p} latency`,
          value: load[p],
          unit: 'ms',
          raw: { value: baseline[p], unit: 'ms', what: `${p} of ${what}` },
          ratio: ratio(load[p], baseline[p], 'lower'),
          goal: null,
          met: null,
        });
      }
    }
    if (kind === 'postgres') {
      // Diagnostic: the same commands without HTTP, Nest and the key check, to show what they cost.
      const clients = CONCURRENCIES[CONCURRENCIES.length - 1]!;
      const load = await commandPathLoad(service, actions, clients, durationMs);
      const baseline = raw.get(clients)!;
      results.add({
        benchmark: id,
        measure: `diagnostic: the same status changes without HTTP (CommandExecutor in process: read stream, decide, append), ${clients} clients: throughput (p50 ${load.p50.toFixed(1)} ms)`,
        value: load.perSecond,
        unit: 'cmd/s',
        raw: { value: baseline.perSecond, unit: 'rows/s', what: `single-row INSERT commits, ${clients} clients` },
        ratio: ratio(load.perSecond, baseline.perSecond, 'higher'),
        goal: null,
        met: null,
      });
    }
    results.note(
      id,
      `${kind === 'postgres' ? 'PostgreSQL' : 'embedded store'}: ${actions.length} actions, each driven by one client at a time with If-Match; ${durationMs / 1000} s per measurement after a warm-up; the service runs in a process of its own with the projector inline, as \`npm start\` runs it, and the HTTP client in the bench's (${machine().cpus} cores shared by client, service and database).`,
    );
  } finally {
    client.close();
    await service.close();
  }
}

/**
 * Status changes by the handlers' own command path, in this process, on the service's database
 * (the service goes on projecting them), with no HTTP in between.
 */
async function commandPathLoad(
  service: HttpService,
  actions: DrivenAction[],
  clients: number,
  durationMs: number,
): Promise<LoadResult> {
  const pool = createPool({ connectionString: service.url!, max: 20 });
  const store = await PostgresEventStore.open(pool, { backend: 'postgres', listen: false });
  const actor = { id: 'bench', name: 'Bench manager', role: 'manager' };
  const executor = new CommandExecutor(store, new FoldedStreams(store), systemClock);
  try {
    return await executorStatusLoad(executor, actions, actor, clients, durationMs);
  } finally {
    await store.close();
    await pool.end();
  }
}

/** A status-change event row as the store wrote it, and an empty twin of the events table for the raw INSERTs. */
async function rawTemplate(url: string): Promise<Record<string, string | null>> {
  const { default: pg } = await import('pg');
  const pool = new pg.Pool({ connectionString: url, max: 1 });
  try {
    await createRawEventsTable(pool);
    return await sampleEventRow(pool, 'RagStatusChanged');
  } finally {
    await pool.end();
  }
}

/** For f alone: the raw figure on a fresh server database holding a few generated events. */
export async function rawInsertsOnFreshDatabase(
  options: BenchOptions,
  clients: number,
  durationMs: number,
): Promise<LoadResult> {
  const bench = await serverStore(options, 'oversight_bench_raw');
  try {
    await storeBatchAppend.write(
      bench.store,
      generatedBatches({ seed: 5, totalEvents: 2_000, actionsPerPlan: 10, eventsPerAction: 30 }),
      2,
    );
    await createRawEventsTable(bench.pool);
    return await rawSingleRowInserts(
      bench.url,
      'raw_events',
      await sampleEventRow(bench.pool, 'RagStatusChanged'),
      clients,
      durationMs,
    );
  } finally {
    await bench.close();
  }
}
