import { ratio, timed, type BenchOptions, type Results } from './harness.js';
import { generatedBatches, storeAppendMany, storeBatchAppend, type BulkWriter } from './generated-store.js';
import { createRawEventsTable, eventRowsAsText, rawCopy } from './raw-postgres.js';
import { serverStore } from './stores.js';

export const BULK_GOAL = 0.5;

/**
 * b. Bulk append on the import path: whole action histories (~35 events each) appended in large
 * batches by a few concurrent writers, against COPY of the very same rows into a twin of the
 * events table in the same database. Goal: ratio ≥ 0.5.
 *
 * An import writes a whole workbook in one `appendMany` (libs/importer's executeImport), so the
 * goal's figure is `appendMany` with 100 histories a call: several imports at once. One history
 * per `append` is measured beside it, for what a caller loses by appending stream by stream.
 * On the server, appends of 100 events or more go by COPY (PostgresAppends.writeByCopy).
 */
export async function bulkAppendBenchmark(
  options: BenchOptions,
  results: Results,
  writers: BulkWriter[] = [storeBatchAppend, storeAppendMany(100)],
): Promise<void> {
  for (const writer of writers) await bulkAppend(options, results, writer);
}

async function bulkAppend(options: BenchOptions, results: Results, writer: BulkWriter): Promise<void> {
  const events = options.quick ? 10_000 : 200_000;
  const concurrency = 4;
  const bench = await serverStore(options, 'oversight_bench_bulk', concurrency + 2);
  try {
    // Histories are decided before the clock starts: only the writes are timed.
    const batches = [...generatedBatches({ seed: 2, totalEvents: events, actionsPerPlan: 60, eventsPerAction: 35 })];
    const { result, ms } = await timed(() => writer.write(bench.store, batches, concurrency));
    const perSecond = result.events / (ms / 1000);

    const rows = await eventRowsAsText(bench.pool);
    await createRawEventsTable(bench.pool);
    await bench.pool.query('CHECKPOINT');
    const copy = await rawCopy(bench.url, 'raw_events', rows);
    if (copy.rows !== result.events)
      throw new Error(`COPY wrote ${copy.rows} rows, the append ${result.events} events`);

    const r = ratio(perSecond, copy.perSecond, 'higher');
    results.add({
      benchmark: 'b',
      measure: `bulk append (${writer.description}), ${result.events.toLocaleString('en-GB')} events in ${result.appends.toLocaleString('en-GB')} calls, ${concurrency} writers`,
      value: perSecond,
      unit: 'events/s',
      raw: { value: copy.perSecond, unit: 'rows/s', what: 'COPY of the same rows, 1 connection' },
      ratio: r,
      goal: `ratio ≥ ${BULK_GOAL}`,
      met: r >= BULK_GOAL,
    });
    results.note(
      'b',
      `measured: ${writer.description}. Histories are generated before timing; the time covers hashing, the head reads and the writes.`,
    );
  } finally {
    await bench.close();
  }
}
