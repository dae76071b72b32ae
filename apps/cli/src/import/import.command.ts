import { readFile } from 'node:fs/promises';
import { userInfo } from 'node:os';
import { basename } from 'node:path';
import { DomainError, isIsoDate } from '#domain';
import type { Actor } from '#event-store';
import {
  executeImport,
  FIELDS,
  formatSummary,
  isWorkbookError,
  parseColumnMapping,
  type Field,
  type ImportStage,
} from '#importer';
import { configuredCalendar, EXIT, UsageError, withEventStore } from '../cli-context.js';
import { parseCommandArgs } from '../command-args.js';
import { ProgressBar } from '../rebuild/progress-bar.js';

export const importUsage = `oversight import <file> [--dry-run] [--json] [--as <name>] [--as-of <date>]
                        [--map "<header>=<field>"]... [--ignore-column "<header>"]...
                        [--refuse-match <match-id>]...
  Imports a plan workbook (.xlsx or .csv): its plan, sources, recommendations, actions,
  statuses and dated comments, in one append (all or nothing). The same file again appends
  nothing; a later version appends only what changed. --dry-run says what it would write and
  writes nothing; --json prints the summary as JSON; --as names who imports (default: you);
  --as-of YYYY-MM-DD is the day the workbook describes (its statuses take effect then; without
  it the day is found in the workbook, and the summary says how).
  Columns are found by the words of their headers. A column of text under a header that is
  no field stops the import (nothing is written) until you say what it is: --map
  "<header>=<field>" reads it as that field, --ignore-column "<header>" leaves it out
  knowingly. Both repeat, and match a header whatever its case and punctuation. The fields:
  ${FIELDS.join(', ')}.
  A recommendation a later plan restates in other words is recognised as the one the store
  knows (by its number, else by its words); the summary names each match with its match id,
  and --refuse-match <match-id> (repeatable) keeps that one apart, as a new recommendation.`;

const IMPORT_OPTIONS = {
  'dry-run': { type: 'boolean' },
  json: { type: 'boolean' },
  as: { type: 'string' },
  'as-of': { type: 'string' },
  map: { type: 'string', multiple: true },
  'ignore-column': { type: 'string', multiple: true },
  'refuse-match': { type: 'string', multiple: true },
} as const;

/** A bar for files this many rows or more (and for reading the store when it has this many streams to read). */
const LARGE = 1000;

export async function importCommand(
  args: string[],
  out: NodeJS.WritableStream,
  err: NodeJS.WritableStream,
): Promise<number> {
  const { values, positionals } = parseCommandArgs(args, {
    command: 'import',
    usage: importUsage,
    options: IMPORT_OPTIONS,
    valueNames: {
      as: '<name>',
      'as-of': '<date>',
      map: '<header=field>',
      'ignore-column': '<header>',
      'refuse-match': '<match-id>',
    },
    allowPositionals: true,
  });
  if (positionals.length !== 1)
    throw new UsageError(
      `import takes one file, got ${positionals.length === 0 ? 'none' : positionals.join(' ')}\n\n${importUsage}`,
    );
  const path = positionals[0]!;
  const name = values.as?.trim() || userInfo().username;
  if (values.as !== undefined && name === '') throw new UsageError('--as needs a name');
  const actor: Actor = { id: 'cli', name, role: 'manager' };
  const asOf = values['as-of'];
  if (asOf !== undefined && !isIsoDate(asOf))
    throw new UsageError(`--as-of must be a day as YYYY-MM-DD, got "${asOf}"`);
  const columnMap: Record<string, Field> = {};
  for (const text of values.map ?? []) {
    const mapping = parseColumnMapping(text);
    if ('error' in mapping) throw new UsageError(`--map ${mapping.error}\n\n${importUsage}`);
    columnMap[mapping.header] = mapping.field;
  }
  const ignoreColumns = (values['ignore-column'] ?? []).map((header) => header.trim());
  const refuseMatches = (values['refuse-match'] ?? []).map((id) => id.trim().toLowerCase());
  const notAnId = refuseMatches.find(
    (id) => !/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(id),
  );
  if (notAnId !== undefined)
    throw new UsageError(`--refuse-match takes a match id from the summary (a UUID), got "${notAnId}"`);
  if (ignoreColumns.includes('')) throw new UsageError(`--ignore-column needs a header\n\n${importUsage}`);

  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (error) {
    err.write(
      `Cannot read ${path}: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message}\n`,
    );
    return EXIT.usage;
  }

  const bars = new Map<ImportStage, ProgressBar>();
  const onProgress = (stage: ImportStage, done: number, total: number) => {
    if (total < LARGE) return;
    let bar = bars.get(stage);
    if (!bar) bars.set(stage, (bar = new ProgressBar(err, stage === 'reading' ? 'reading' : 'comparing')));
    bar.update(
      done,
      total,
      stage === 'reading'
        ? `${done.toLocaleString('en-GB')} of ${total.toLocaleString('en-GB')} rows`
        : `${done.toLocaleString('en-GB')} of ${total.toLocaleString('en-GB')} streams`,
    );
    if (done === total)
      bar.finish(
        stage === 'reading'
          ? `${total.toLocaleString('en-GB')} rows read`
          : `${total.toLocaleString('en-GB')} streams compared`,
      );
  };

  try {
    const calendar = configuredCalendar();
    const result = await withEventStore(({ store }) =>
      executeImport(store, bytes, basename(path), {
        actor,
        calendar,
        dryRun: values['dry-run'] === true,
        asOf: asOf ?? null,
        onProgress,
        columnMap,
        ignoreColumns,
        refuseMatches,
      }),
    );
    out.write(values.json ? `${JSON.stringify(result, null, 2)}\n` : formatSummary(result));
    return EXIT.ok;
  } catch (error) {
    // The file's fault, not the store's: say what is wrong with it; nothing was written.
    if (isWorkbookError(error) || error instanceof DomainError) {
      err.write(`Cannot import ${path}: ${error.message}\nNothing was written.\n`);
      return EXIT.usage;
    }
    throw error;
  }
}
