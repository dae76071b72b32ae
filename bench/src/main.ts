import 'reflect-metadata';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { BENCHMARKS, machine, now, parseOptions, Results, table, writeResults, type BenchmarkId } from './harness.js';
import { commandsBenchmark, type RawInserts } from './a-commands.js';
import { bulkAppendBenchmark } from './b-bulk-append.js';
import { rebuildBenchmark, type RawKeyset } from './c-rebuild.js';
import { projectionLagBenchmark } from './d-projection-lag.js';
import { asItStoodBenchmark } from './e-as-it-stood.js';
import { embeddedBenchmark } from './f-embedded.js';
import { webPagesBenchmark } from './g-web-pages.js';
import { peersBenchmark } from './h-peers.js';
import { nationalBenchmark } from './n-national.js';
import { writeResultsPage } from './results-page.js';

/**
 * `npm run bench`: runs benchmarks a–h in order against the local PostgreSQL (each on a fresh
 * database of its own), prints the table and writes bench/results/<date>.json.
 * Options: --quick, --only=a,c, --events=1000000, --embedded-events=200000, --database-url=…, --no-write, --unsealed.
 */
async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2), process.env);
  const results = new Results();
  const raw: { inserts: RawInserts; keyset: RawKeyset | null } = { inserts: new Map(), keyset: null };
  const server = await serverVersion(options.serverUrl);
  console.log(
    `Oversight benchmarks${options.quick ? ' (quick: small sizes, for a smoke run)' : ''}: ${options.only.join(', ')} on ${server}, ${machine().cpus} cores, Node ${process.version}; personal words ${options.sealed ? 'sealed, as the service seals them' : 'stored plain (--unsealed)'}`,
  );

  const run: Record<BenchmarkId, () => Promise<void>> = {
    a: () => commandsBenchmark(options, results, 'postgres', raw.inserts, 'a'),
    b: () => bulkAppendBenchmark(options, results),
    c: () => rebuildBenchmark(options, results, 'postgres', raw, 'c'),
    d: () => projectionLagBenchmark(options, results),
    e: () => asItStoodBenchmark(options, results),
    f: () => embeddedBenchmark(options, results, raw),
    g: () => webPagesBenchmark(options, results),
    h: () => peersBenchmark(options, results),
    n: () => nationalBenchmark(options, results),
  };
  const started = new Date();
  const start = now();
  for (const id of BENCHMARKS.filter((benchmark) => options.only.includes(benchmark))) {
    console.log(`\n${id}.`);
    const begun = now();
    await run[id]();
    results.timings.push({ benchmark: id, seconds: Math.round((now() - begun) / 100) / 10 });
    console.log(`  ${id}. done in ${((now() - begun) / 1000).toFixed(1)} s`);
  }
  const seconds = (now() - start) / 1000;

  console.log(`\n${table(results.rows)}\n`);
  for (const note of results.notes) console.log(`- ${note.benchmark}. ${note.text}`);
  console.log(
    `\nRatios: figure ÷ raw for rates, raw ÷ figure for latencies (1.00 = as fast as raw PostgreSQL). Took ${(seconds / 60).toFixed(1)} min.`,
  );

  if (options.write) {
    const file = join(options.resultsDir, `${started.toISOString().slice(0, 10)}${options.quick ? '-quick' : ''}.json`);
    const run = {
      date: started.toISOString(),
      command: `npm run bench${process.argv.length > 2 ? ` -- ${process.argv.slice(2).join(' ')}` : ''}`,
      options: { ...options, serverUrl: undefined },
      machine: { ...machine(), postgres: server },
      commit: gitCommit(),
      seconds: Math.round(seconds),
      timings: results.timings,
      settings: results.settings,
      rows: results.rows,
      notes: results.notes,
    };
    writeResults(file, mergedRun(file, run, options.only));
    console.log(`Wrote ${file}`);
    if (!options.quick && writeResultsPage(options.resultsDir, join(options.resultsDir, '..', 'README.md')))
      console.log('Wrote the results table in bench/README.md');
  }
}

type RunFile = {
  date: string;
  command: string;
  commit: string | null;
  seconds: number;
  timings: { benchmark: BenchmarkId; seconds: number }[];
  settings?: Partial<Record<BenchmarkId, unknown>>;
  rows: { benchmark: BenchmarkId }[];
  notes: { benchmark: BenchmarkId }[];
  laterRuns?: { benchmarks: BenchmarkId[]; date: string; command: string; commit: string | null; seconds: number }[];
};

/**
 * A run of some benchmarks (`--only=h`) on a day that already has a full run keeps that run's other
 * benchmarks in the day's file, so the README's table stays whole: the rows of the benchmarks run
 * again are replaced, and `laterRuns` says which came from which command and commit.
 */
function mergedRun(file: string, run: RunFile, only: BenchmarkId[]): RunFile {
  if (!existsSync(file)) return run;
  const earlier = JSON.parse(readFileSync(file, 'utf8')) as RunFile;
  if (BENCHMARKS.every((id) => id === 'n' || only.includes(id)))
    return only.includes('n') ? run : withEarlierNational(run, earlier);
  const kept = <T extends { benchmark: BenchmarkId }>(rows: T[], fresh: T[]) =>
    [...rows.filter((row) => !only.includes(row.benchmark)), ...fresh].sort(
      (x, y) => BENCHMARKS.indexOf(x.benchmark) - BENCHMARKS.indexOf(y.benchmark),
    );
  return {
    ...earlier,
    timings: kept(earlier.timings, run.timings),
    settings: { ...earlier.settings, ...run.settings },
    rows: kept(earlier.rows, run.rows),
    notes: kept(earlier.notes, run.notes),
    laterRuns: [
      ...(earlier.laterRuns ?? []).filter((later) => !later.benchmarks.every((id) => only.includes(id))),
      { benchmarks: only, date: run.date, command: run.command, commit: run.commit, seconds: run.seconds },
    ],
  };
}

/**
 * A full run (a–h) keeps the day's national-scale figures (n, ~20 minutes, run on its own) when it
 * did not run n itself, saying which run they came from.
 */
function withEarlierNational(run: RunFile, earlier: RunFile): RunFile {
  const national = <T extends { benchmark: BenchmarkId }>(rows: T[]) => rows.filter((row) => row.benchmark === 'n');
  if (national(earlier.rows).length === 0) return run;
  const from = earlier.laterRuns?.find((other) => other.benchmarks.includes('n')) ?? {
    benchmarks: ['n' as const],
    date: earlier.date,
    command: earlier.command,
    commit: earlier.commit,
    seconds: earlier.seconds,
  };
  return {
    ...run,
    timings: [...run.timings, ...national(earlier.timings)],
    settings: { ...(earlier.settings?.n ? { n: earlier.settings.n } : {}), ...run.settings },
    rows: [...run.rows, ...national(earlier.rows)],
    notes: [...run.notes, ...national(earlier.notes)],
    laterRuns: [{ ...from, benchmarks: ['n'] }],
  };
}

async function serverVersion(url: string): Promise<string> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ server_version: string }>('SHOW server_version');
    return `PostgreSQL ${rows[0]!.server_version}`;
  } finally {
    await client.end();
  }
}

function gitCommit(): string | null {
  try {
    return execFileSync('git', ['rev-parse', '--short', 'HEAD'], { encoding: 'utf8' }).trim();
  } catch {
    return null;
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
