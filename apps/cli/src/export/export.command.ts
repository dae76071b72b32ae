import { writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { isIsoDate, isIsoDateTime } from '#domain';
import { exportFileName, exportPlanWorkbook } from '#importer';
import { allProjections, planForExport, Projector, type AsItStood } from '#read-store';
import { configuredCalendar, EXIT, UsageError, withReadDatabase } from '../cli-context.js';
import { parseCommandArgs } from '../command-args.js';

export const exportUsage = `oversight export <plan-id> [--as-of <date>] [--out <file>]
  Writes a plan as a workbook (.xlsx) in the council's own layout: title rows, the header,
  a section row a theme, a row an action with its BRAG word and fill and its dated comments.
  --as-of 2019-01-31 (to the end of that day) or 2019-01-31T17:00:00Z writes the plan as it
  stood then; --out names the file (default: the plan's title, in this directory). Importing
  the workbook again changes nothing.`;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** How long to wait for the read models to take in what the store holds. */
const CATCH_UP_MS = 120_000;

export async function exportCommand(
  args: string[],
  out: NodeJS.WritableStream,
  err: NodeJS.WritableStream,
): Promise<number> {
  const { values, positionals } = parseCommandArgs(args, {
    command: 'export',
    usage: exportUsage,
    options: { 'as-of': { type: 'string' }, out: { type: 'string' } },
    valueNames: { 'as-of': '<date>', out: '<file>' },
    allowPositionals: true,
  });
  if (positionals.length !== 1)
    throw new UsageError(
      `export takes one plan id, got ${positionals.length === 0 ? 'none' : positionals.join(' ')}\n\n${exportUsage}`,
    );
  const planId = positionals[0]!.toLowerCase();
  if (!UUID.test(planId))
    throw new UsageError(`export takes a plan's id (a UUID, as the import summary gives it), got "${positionals[0]}"`);
  const asOfText = values['as-of'];
  if (asOfText !== undefined && !isIsoDate(asOfText) && !isIsoDateTime(asOfText))
    throw new UsageError(
      `--as-of must be a day (2019-01-31) or a date and time with an offset (2019-01-31T17:00:00Z), got "${asOfText}"`,
    );
  if (values.out !== undefined && values.out.trim() === '') throw new UsageError('--out needs a file name');
  const calendar = configuredCalendar();
  // A bare day is up to its end in the service's zone, as the API takes asOf.
  const when: AsItStood | undefined =
    asOfText === undefined ? undefined : { asOf: isIsoDate(asOfText) ? calendar.endOf(asOfText) : new Date(asOfText) };

  return withReadDatabase(async (readDatabase, connected) => {
    // The service keeps the read models; when it is not running they may lag the store (an
    // import from this CLI, say), so they take in what the store holds before the plan is read.
    const projector = new Projector(connected.store, readDatabase, allProjections, (message) =>
      err.write(`${message}\n`),
    );
    await projector.start();
    const caughtUp = await projector.waitFor(await connected.store.headPosition(), CATCH_UP_MS);
    await projector.stop();
    if (!caughtUp)
      err.write('The read models did not catch up with the store in time; the workbook may miss the latest changes.\n');

    const plan = await planForExport(readDatabase, planId, when);
    if (!plan) {
      err.write(`No such plan: ${planId}\n`);
      return EXIT.failed;
    }
    const asAt = calendar.dayOf(when?.asOf ?? new Date());
    const path = resolve(values.out ?? exportFileName(plan.title, when ? asAt : null));
    await writeFile(path, await exportPlanWorkbook(plan, { asAt, calendar }));
    out.write(
      `Wrote "${plan.title}"${when ? ` as it stood on ${asAt}` : ''}, ${plan.actions.length} actions, to ${path}\n`,
    );
    return EXIT.ok;
  });
}
