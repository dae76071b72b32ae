import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { dirname } from 'node:path';

/**
 * The benchmark harness: options, clocks, percentiles, ratios, the table and the results file.
 * Every figure is reported beside a raw PostgreSQL figure for the same work measured in the same
 * run, so that the ratio, not the noisy absolute number, is what a reader compares across runs.
 */

export const BENCHMARKS = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'n'] as const;
/** n (national scale) runs only when asked for: `--scale=national` or `--only=n`. */
const DEFAULT_BENCHMARKS = BENCHMARKS.filter((id) => id !== 'n');
export type BenchmarkId = (typeof BENCHMARKS)[number];

export interface BenchOptions {
  quick: boolean;
  only: BenchmarkId[];
  /** Events in the store that benchmark c rebuilds from. */
  events: number;
  /** Events for c on the embedded store (benchmark f). */
  embeddedEvents: number;
  /** The PostgreSQL server: each benchmark makes a fresh database on it and drops it after. */
  serverUrl: string;
  /** Where the results file goes (a directory). */
  resultsDir: string;
  /** Leave the results file unwritten (a smoke run). */
  write: boolean;
  /** Events for n (national scale): 7,650,000 unless `--national-events` makes it smaller. */
  nationalEvents: number;
  /**
   * The in-process stores seal personal words as the service's do (the default), or store them
   * plain (`--unsealed`): run both to see what sealing costs, apart from everything else.
   */
  sealed: boolean;
}

/** `--quick`, `--only=a,c`, `--events=1000000`, `--embedded-events=…`, `--database-url=…`, `--no-write`, `--scale=national`, `--national-events=…`, `--unsealed`; or BENCH_* variables. */
export function parseOptions(argv: string[], env: NodeJS.ProcessEnv): BenchOptions {
  const flag = (name: string): string | undefined => {
    const prefix = `--${name}=`;
    const given = argv.find((arg) => arg.startsWith(prefix));
    return given ? given.slice(prefix.length) : undefined;
  };
  const quick = argv.includes('--quick') || env.BENCH_QUICK === '1';
  const scale = flag('scale') ?? env.BENCH_SCALE;
  if (scale !== undefined && scale !== 'national') throw new Error(`--scale: only "national" is known, got ${scale}`);
  const onlyText = flag('only') ?? env.BENCH_ONLY ?? (scale === 'national' ? 'n' : undefined);
  const only = onlyText ? onlyText.split(',').map((id) => id.trim().toLowerCase()) : [...DEFAULT_BENCHMARKS];
  for (const id of only) {
    if (!(BENCHMARKS as readonly string[]).includes(id))
      throw new Error(`--only: unknown benchmark "${id}" (choose from ${BENCHMARKS.join(', ')})`);
  }
  const count = (text: string | undefined, fallback: number, name: string): number => {
    if (text === undefined) return fallback;
    const value = Number(text.replace(/_/g, ''));
    if (!Number.isInteger(value) || value < 1000)
      throw new Error(`--${name} must be a whole number of at least 1000, got ${text}`);
    return value;
  };
  const events = count(flag('events') ?? env.BENCH_EVENTS, quick ? 20_000 : 1_000_000, 'events');
  return {
    quick,
    only: only as BenchmarkId[],
    events,
    embeddedEvents: count(
      flag('embedded-events') ?? env.BENCH_EMBEDDED_EVENTS,
      quick ? 10_000 : Math.min(events, 200_000),
      'embedded-events',
    ),
    serverUrl:
      flag('database-url') ??
      env.BENCH_DATABASE_URL ??
      env.DATABASE_URL ??
      'postgres://postgres@127.0.0.1:5432/postgres',
    resultsDir: flag('results') ?? 'bench/results',
    write: !argv.includes('--no-write'),
    nationalEvents: count(flag('national-events') ?? env.BENCH_NATIONAL_EVENTS, 153 * 100 * 50 * 10, 'national-events'),
    sealed: !argv.includes('--unsealed') && env.BENCH_UNSEALED !== '1',
  };
}

// ---------------------------------------------------------------- clocks and statistics

/** Milliseconds, monotonic, sub-millisecond resolution. */
export const now = (): number => Number(process.hrtime.bigint()) / 1e6;

export async function timed<T>(work: () => Promise<T>): Promise<{ result: T; ms: number }> {
  const start = now();
  const result = await work();
  return { result, ms: now() - start };
}

/** Nearest-rank percentile (p in 0..100) of samples in any order. */
export function percentile(samples: readonly number[], p: number): number {
  if (samples.length === 0) return Number.NaN;
  const sorted = [...samples].sort((x, y) => x - y);
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))]!;
}

/** How much of the raw figure we reach: higher is better either way. */
export function ratio(figure: number, raw: number, better: 'higher' | 'lower'): number {
  return better === 'higher' ? figure / raw : raw / figure;
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export interface LoadResult {
  operations: number;
  seconds: number;
  perSecond: number;
  p50: number;
  p99: number;
  latencies: number[];
}

/**
 * Closed-loop load: `clients` workers each run `operation(client, n)` back to back for `durationMs`;
 * each operation's latency is kept. Operations started before the deadline are awaited and counted.
 */
export async function closedLoop(
  clients: number,
  durationMs: number,
  operation: (client: number, n: number) => Promise<void>,
): Promise<LoadResult> {
  const latencies: number[] = [];
  const start = now();
  const deadline = start + durationMs;
  await Promise.all(
    Array.from({ length: clients }, async (_, client) => {
      for (let n = 0; now() < deadline; n++) {
        const begun = now();
        await operation(client, n);
        latencies.push(now() - begun);
      }
    }),
  );
  const seconds = (now() - start) / 1000;
  return {
    operations: latencies.length,
    seconds,
    perSecond: latencies.length / seconds,
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    latencies,
  };
}

/** Runs `work` over items with at most `concurrency` at a time. */
export async function inParallel<T>(
  items: readonly T[],
  concurrency: number,
  work: (item: T, index: number) => Promise<void>,
): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(concurrency, items.length) }, async () => {
      while (next < items.length) {
        const index = next++;
        await work(items[index]!, index);
      }
    }),
  );
}

// ---------------------------------------------------------------- results

export interface ResultRow {
  benchmark: BenchmarkId;
  /** What was measured, and on which store. */
  measure: string;
  value: number;
  unit: string;
  /** The raw PostgreSQL figure for the same work in this run, and what it is. */
  raw: { value: number; unit: string; what: string } | null;
  /** figure / raw for rates, raw / figure for latencies: how much of raw PostgreSQL we reach. */
  ratio: number | null;
  goal: string | null;
  met: boolean | null;
  /**
   * A peer's figure for the same work in the same run (benchmark h): its own ratio to raw, and
   * `versus`, our figure ÷ the peer's for rates, the peer's ÷ ours for latencies (above 1 = ahead).
   * Where a row has a peer, its goal is on `versus`.
   */
  peer?: { name: string; value: number; unit: string; ratio: number; versus: number };
}

/**
 * A latency row: the p95 of `samples` beside the p95 of the raw PostgreSQL samples measured with
 * them, their ratio, and a goal in milliseconds.
 */
export function p95Row(
  benchmark: BenchmarkId,
  measure: string,
  samples: number[],
  raw: { samples: number[]; what: string },
  goalMs: number,
): ResultRow {
  const value = percentile(samples, 95);
  const rawValue = percentile(raw.samples, 95);
  return {
    benchmark,
    measure,
    value,
    unit: 'ms',
    raw: { value: rawValue, unit: 'ms', what: raw.what },
    ratio: ratio(value, rawValue, 'lower'),
    goal: `< ${goalMs} ms`,
    met: value < goalMs,
  };
}

export interface Note {
  benchmark: BenchmarkId;
  text: string;
}

export class Results {
  readonly rows: ResultRow[] = [];
  readonly notes: Note[] = [];
  readonly timings: { benchmark: BenchmarkId; seconds: number }[] = [];
  /** Each benchmark's settings worth keeping with its figures (the peers' versions and settings). */
  readonly settings: Partial<Record<BenchmarkId, unknown>> = {};

  add(row: ResultRow): void {
    this.rows.push(row);
    console.log(
      `  ${row.benchmark}. ${row.measure}: ${formatValue(row.value, row.unit)}${row.peer ? ` (peer ${formatValue(row.peer.value, row.peer.unit)}, ÷ peer ${row.peer.versus.toFixed(2)})` : ''}${row.raw ? ` (raw ${formatValue(row.raw.value, row.raw.unit)}, ratio ${row.ratio?.toFixed(2)})` : ''}${row.goal ? ` goal ${row.goal}: ${row.met ? 'met' : 'MISSED'}` : ''}`,
    );
  }

  note(benchmark: BenchmarkId, text: string): void {
    this.notes.push({ benchmark, text });
    console.log(`  ${benchmark}. note: ${text}`);
  }
}

export function formatValue(value: number, unit: string): string {
  if (!Number.isFinite(value)) return `— ${unit}`;
  const digits = Math.abs(value) >= 100 ? 0 : Math.abs(value) >= 10 ? 1 : 2;
  return `${value.toLocaleString('en-GB', { maximumFractionDigits: digits, minimumFractionDigits: 0 })} ${unit}`;
}

/**
 * The results as Markdown tables (they read as well in a terminal as in the README): the rows
 * measured against raw PostgreSQL, then the rows measured against a peer (benchmark h).
 */
export function table(rows: readonly ResultRow[]): string {
  const alone = rows.filter((row) => !row.peer);
  const peered = rows.filter((row) => row.peer);
  return [alone.length ? rawTable(alone) : '', peered.length ? peerTable(peered) : ''].filter(Boolean).join('\n\n');
}

const render = (cells: string[]) => `| ${cells.join(' | ')} |`;
const met = (row: ResultRow) => (row.met === null ? '—' : row.met ? 'yes' : '**no**');

function rawTable(rows: readonly ResultRow[]): string {
  const header = ['', 'measure', 'figure', 'raw PostgreSQL, same run', 'ratio', 'goal', 'met?'];
  const lines = rows.map((row) => [
    row.benchmark,
    row.measure,
    formatValue(row.value, row.unit),
    row.raw ? `${formatValue(row.raw.value, row.raw.unit)} (${row.raw.what})` : '—',
    row.ratio === null ? '—' : row.ratio.toFixed(2),
    row.goal ?? '—',
    met(row),
  ]);
  return [render(header), render(header.map(() => '---')), ...lines.map(render)].join('\n');
}

function peerTable(rows: readonly ResultRow[]): string {
  const header = [
    '',
    'measure',
    'Oversight',
    'peer, same run',
    'Oversight ÷ peer',
    'raw PostgreSQL, same run',
    'Oversight ÷ raw',
    'peer ÷ raw',
    'goal',
    'met?',
  ];
  const lines = rows.map((row) => [
    row.benchmark,
    row.measure,
    formatValue(row.value, row.unit),
    `${formatValue(row.peer!.value, row.peer!.unit)} (${row.peer!.name})`,
    row.peer!.versus.toFixed(2),
    row.raw ? `${formatValue(row.raw.value, row.raw.unit)} (${row.raw.what})` : '—',
    row.ratio === null ? '—' : row.ratio.toFixed(2),
    row.peer!.ratio.toFixed(2),
    row.goal ?? '—',
    met(row),
  ]);
  return [render(header), render(header.map(() => '---')), ...lines.map(render)].join('\n');
}

export function machine(): Record<string, unknown> {
  return {
    cpus: cpus().length,
    cpuModel: cpus()[0]?.model ?? null,
    memoryGb: Math.round(totalmem() / 2 ** 30),
    node: process.version,
    platform: `${process.platform} ${process.arch}`,
  };
}

export function writeResults(path: string, content: unknown): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, `${JSON.stringify(content, null, 2)}\n`);
}
