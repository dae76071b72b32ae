import { parseArgs } from 'node:util';
import { UsageError } from './cli-context.js';

/**
 * One way for every command to read its arguments: `--help`/`-h` anywhere asks for its usage
 * (runCli prints it and exits 0); an unknown option is a usage error that lists the command's
 * options and suggests the nearest; anything else node's parseArgs refuses is one too, with the
 * usage after it.
 */

type ParseArgsOptionsConfig = NonNullable<NonNullable<Parameters<typeof parseArgs>[0]>['options']>;

/** Thrown for --help or -h: not an error, the command's usage on request. */
export class HelpRequested extends Error {
  override readonly name = 'HelpRequested';

  constructor(readonly usage: string) {
    super(usage);
  }
}

export type CommandArgs<O extends ParseArgsOptionsConfig> = {
  /** "import", "keys create": as the messages name the command. */
  command: string;
  usage: string;
  options: O;
  /** What each string option takes, for the list of options: { as: '<name>' }. */
  valueNames?: Partial<Record<keyof O, string>>;
  allowPositionals?: boolean;
};

export function parseCommandArgs<O extends ParseArgsOptionsConfig>(args: string[], spec: CommandArgs<O>) {
  const end = args.indexOf('--');
  const options = end < 0 ? args : args.slice(0, end);
  if (options.includes('--help') || options.includes('-h')) throw new HelpRequested(spec.usage);
  for (let i = 0; i < options.length; i += 1) {
    const arg = options[i]!;
    if (!arg.startsWith('-') || arg === '-') continue;
    const name = arg.startsWith('--') ? arg.slice(2).split('=')[0]! : null;
    const known =
      name !== null
        ? spec.options[name]
        : Object.values(spec.options as ParseArgsOptionsConfig).find(
            (option) => arg.length === 2 && option.short === arg[1],
          );
    if (!known) throw new UsageError(`${unknownOption(arg, spec)}\n\n${spec.usage}`);
    // The value of `--as -x` is the string option's, not another option.
    if (known.type === 'string' && !arg.includes('=') && arg.length > 2) i += 1;
  }
  try {
    return parseArgs({ args, options: spec.options, allowPositionals: spec.allowPositionals ?? false, strict: true });
  } catch (error) {
    throw new UsageError(`${(error as Error).message}\n\n${spec.usage}`);
  }
}

/** "Unknown option '--dryrun' for import. Its options: --dry-run, --json, --as <name>. Did you mean --dry-run?" */
export function unknownOption(
  arg: string,
  spec: Pick<CommandArgs<ParseArgsOptionsConfig>, 'command' | 'options' | 'valueNames'>,
): string {
  const names = Object.keys(spec.options);
  if (names.length === 0) return `Unknown option '${arg}' for ${spec.command}: it takes no options.`;
  const listed = names.map((name) => {
    const value = spec.valueNames?.[name];
    return value ? `--${name} ${value}` : `--${name}`;
  });
  const typed = arg.replace(/^-+/, '').split('=')[0]!.toLowerCase();
  const nearest = names
    .map((name) => ({ name, distance: editDistance(typed, name) }))
    .filter(
      ({ name, distance }) =>
        distance <= Math.max(1, Math.floor(name.length / 3)) ||
        (typed.length >= 3 && name.startsWith(typed)) ||
        (name.length >= 3 && typed.startsWith(name)),
    )
    .sort((a, b) => a.distance - b.distance)[0];
  return `Unknown option '${arg}' for ${spec.command}. Its options: ${listed.join(', ')}.${nearest ? ` Did you mean --${nearest.name}?` : ''}`;
}

/** Levenshtein distance: the fewest single-character edits from a to b. */
function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i += 1) {
    const current = [i];
    for (let j = 1; j <= b.length; j += 1)
      current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    previous = current;
  }
  return previous[b.length]!;
}
