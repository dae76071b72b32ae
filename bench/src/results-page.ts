import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { table, type ResultRow } from './harness.js';

/**
 * bench/README.md's results table, written from the newest full run in bench/results (never
 * typed): `npm run bench` rewrites it after a full run, `npm run bench:table` on demand. The
 * table sits between two markers; the method and the findings around it are written by people.
 */
export const START = '<!-- results:start (written by `npm run bench:table` from bench/results; do not edit) -->';
export const END = '<!-- results:end -->';

type RunFile = {
  date: string;
  command: string;
  commit: string | null;
  seconds: number;
  machine: Record<string, unknown>;
  rows: ResultRow[];
  notes?: { benchmark: string; text: string }[];
  laterRuns?: { benchmarks: string[]; date: string; command: string; commit: string | null; seconds: number }[];
};

/** The newest run of every benchmark (quick runs are smoke runs, not results). */
export function newestFullRun(resultsDir: string): { file: string; run: RunFile } | null {
  const files = readdirSync(resultsDir)
    .filter((name) => /^\d{4}-\d{2}-\d{2}\.json$/.test(name))
    .sort();
  const file = files.at(-1);
  return file ? { file, run: JSON.parse(readFileSync(join(resultsDir, file), 'utf8')) as RunFile } : null;
}

export function resultsSection(file: string, run: RunFile): string {
  const machine = run.machine;
  const about = `Run of ${run.date.slice(0, 10)} (\`bench/results/${file}\`, \`${run.command}\`, commit ${run.commit ?? 'unknown'}, ${Math.round(run.seconds / 60)} min) on ${machine.cpus} cores (${machine.cpuModel}), ${machine.memoryGb} GB, Node ${machine.node}, ${machine.postgres}.`;
  const later = (run.laterRuns ?? []).map(
    (again) =>
      `Benchmark${again.benchmarks.length > 1 ? 's' : ''} ${again.benchmarks.join(', ')} from another run the same day: \`${again.command}\`, commit ${again.commit ?? 'unknown'}, ${again.date.slice(11, 16)} UTC, ${Math.round(again.seconds / 60)} min.`,
  );
  const notes = (run.notes ?? []).map((note) => `- ${note.benchmark}. ${note.text}`);
  return [
    START,
    '',
    about,
    ...later.map((line) => `\n${line}`),
    '',
    table(run.rows),
    '',
    ...notes,
    ...(notes.length ? [''] : []),
    END,
  ].join('\n');
}

/** Puts the newest run's table between the markers of `page`; false when there is no run or no markers. */
export function writeResultsPage(resultsDir: string, page: string): boolean {
  const newest = newestFullRun(resultsDir);
  const text = readFileSync(page, 'utf8');
  const [from, to] = [text.indexOf(START), text.indexOf(END)];
  if (!newest || from < 0 || to < from) return false;
  writeFileSync(page, `${text.slice(0, from)}${resultsSection(newest.file, newest.run)}${text.slice(to + END.length)}`);
  return true;
}

if (process.argv[1]?.endsWith('results-page.js')) {
  const written = writeResultsPage('bench/results', 'bench/README.md');
  console.log(
    written
      ? 'bench/README.md: results table written from the newest run'
      : 'bench/README.md: no run or no markers; nothing written',
  );
  process.exitCode = written ? 0 : 1;
}
