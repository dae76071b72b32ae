import type { BenchOptions, Results } from './harness.js';
import { commandsBenchmark, type RawInserts } from './a-commands.js';
import { rebuildBenchmark, type RawKeyset } from './c-rebuild.js';

/**
 * f. Benchmarks a and c on the embedded store (PGlite, one connection, fsync off), against the
 * PostgreSQL server's raw figures from the same run (measured afresh when a or c did not run).
 */
export async function embeddedBenchmark(
  options: BenchOptions,
  results: Results,
  raw: { inserts: RawInserts; keyset: RawKeyset | null },
): Promise<void> {
  await commandsBenchmark(options, results, 'embedded', raw.inserts, 'f');
  await rebuildBenchmark(options, results, 'embedded', raw, 'f');
  if (options.embeddedEvents < options.events) {
    results.note(
      'f',
      `the embedded rebuild runs on ${options.embeddedEvents.toLocaleString('en-GB')} events (--embedded-events), not ${options.events.toLocaleString('en-GB')}: the rate, not the size, is compared.`,
    );
  }
}
