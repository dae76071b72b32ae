import 'reflect-metadata';
import { ConfigError } from '#config';
import { checkpointsCommand, checkpointsUsage } from './checkpoints/checkpoints.command.js';
import { EXIT, UsageError } from './cli-context.js';
import { HelpRequested, parseCommandArgs } from './command-args.js';
import { exportCommand, exportUsage } from './export/export.command.js';
import { importCommand, importUsage } from './import/import.command.js';
import { keysCommand, keysUsage } from './keys/keys.command.js';
import { projectCommand, projectUsage } from './project/project.command.js';
import { rebuildCommand, rebuildUsage } from './rebuild/rebuild.command.js';
import { reportCommand, reportUsage } from './report/report.command.js';
import { recommendationsCommand, recommendationsUsage } from './recommendations/recommendations.command.js';
import { redactCommand, redactUsage } from './redact/redact.command.js';
import { retentionCommand, retentionUsage } from './retention/retention.command.js';
import { verifyCommand, verifyUsage } from './verify/verify.command.js';

const usage = `Usage: oversight <command> [--help]

Commands:
  ${[verifyUsage, checkpointsUsage, keysUsage, projectUsage, rebuildUsage, importUsage, exportUsage, reportUsage, recommendationsUsage, redactUsage, retentionUsage].join('\n').split('\n').join('\n  ')}

The store is chosen as for the service: EVENTSTORE_URL, else DATABASE_URL, else the embedded
store in DATA_DIR (default ./data; stop the service first, one process at a time).`;

const USAGES: Record<string, string> = {
  verify: verifyUsage,
  checkpoints: checkpointsUsage,
  keys: keysUsage,
  project: projectUsage,
  rebuild: rebuildUsage,
  import: importUsage,
  export: exportUsage,
  report: reportUsage,
  recommendations: recommendationsUsage,
  redact: redactUsage,
  retention: retentionUsage,
};

/** For a command that takes nothing: --help, or a usage error naming what it was given. */
function noArguments(command: string, args: string[]): void {
  const { positionals } = parseCommandArgs(args, {
    command,
    usage: USAGES[command]!,
    options: {},
    allowPositionals: true,
  });
  if (positionals.length > 0) throw new UsageError(`${command} takes no arguments, got: ${positionals.join(' ')}`);
}

/** Runs one command and returns its exit code; errors the user can fix are printed without a stack. */
export async function runCli(args: string[], out = process.stdout, err = process.stderr): Promise<number> {
  const [command, ...rest] = args;
  try {
    switch (command) {
      case 'verify':
        return await verifyCommand(rest, out, err);
      case 'checkpoints':
        return await checkpointsCommand(rest, out);
      case 'keys':
        return await keysCommand(rest, out);
      case 'project':
        noArguments('project', rest);
        return await projectCommand(err);
      case 'rebuild':
        return await rebuildCommand(rest, err);
      case 'import':
        return await importCommand(rest, out, err);
      case 'export':
        return await exportCommand(rest, out, err);
      case 'report':
        return await reportCommand(rest, out, err);
      case 'recommendations':
        return await recommendationsCommand(rest, out, err);
      case 'redact':
        return await redactCommand(rest, out, err);
      case 'retention':
        return await retentionCommand(rest, out, err);
      case 'help':
        // `oversight help import` is `oversight import --help`.
        if (rest[0] !== undefined && USAGES[rest[0]]) throw new HelpRequested(USAGES[rest[0]]!);
        out.write(`${usage}\n`);
        return EXIT.ok;
      case undefined:
      case '--help':
      case '-h':
        out.write(`${usage}\n`);
        return command === undefined ? EXIT.usage : EXIT.ok;
      default:
        throw new UsageError(`Unknown command: ${command}\n\n${usage}`);
    }
  } catch (error) {
    if (error instanceof HelpRequested) {
      out.write(`${error.usage}\n`);
      return EXIT.ok;
    }
    if (error instanceof UsageError || error instanceof ConfigError) {
      err.write(`${error.message}\n`);
      return EXIT.usage;
    }
    throw error;
  }
}

process.exitCode = await runCli(process.argv.slice(2));
