import { allProjections, rebuildProjections } from '#read-store';
import { EXIT, UsageError, withReadDatabase } from '../cli-context.js';
import { parseCommandArgs } from '../command-args.js';
import { ProgressBar } from './progress-bar.js';

export const rebuildUsage = `oversight rebuild [projection]
  Rebuilds the read models (or the one named: ${allProjections.map((projection) => projection.name).join(', ')}) from the
  event store, beside the live ones, then swaps them in: queries keep answering throughout.`;

export async function rebuildCommand(rawArgs: string[], err: NodeJS.WritableStream): Promise<number> {
  const args = parseCommandArgs(rawArgs, {
    command: 'rebuild',
    usage: rebuildUsage,
    options: {},
    allowPositionals: true,
  }).positionals;
  if (args.length > 1)
    throw new UsageError(`rebuild takes at most one projection, got: ${args.join(' ')}\n\n${rebuildUsage}`);
  const chosen =
    args.length === 0 ? allProjections : allProjections.filter((projection) => projection.name === args[0]);
  if (chosen.length === 0)
    throw new UsageError(
      `No projection named ${args[0]}; there are: ${allProjections.map((projection) => projection.name).join(', ')}`,
    );
  return withReadDatabase(async (readDatabase, connected) => {
    const bar = new ProgressBar(err, 'Rebuilding');
    const started = Date.now();
    const results = await rebuildProjections(connected.store, readDatabase, chosen, (progress) =>
      bar.update(
        progress.position,
        progress.head,
        `${progress.events.toLocaleString('en-GB')} events (${progress.projections.join(', ')})`,
      ),
    );
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    for (const result of results) {
      bar.finish(
        `${result.projection}: rebuilt from ${result.events.toLocaleString('en-GB')} events in ${seconds} s, swapped in at position ${result.position}`,
      );
    }
    return EXIT.ok;
  });
}
