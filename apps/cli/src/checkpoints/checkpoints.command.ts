import { existsSync } from 'node:fs';
import { loadConfig, loadEnvFileIfPresent } from '#config';
import { loadPublicKey, publicKeyPem } from '#event-store';
import { EXIT, UsageError } from '../cli-context.js';
import { parseCommandArgs } from '../command-args.js';

export const checkpointsUsage = `oversight checkpoints public-key
  Prints the public key (PEM) of the key the service signs its checkpoints with
  (CHECKPOINT_SIGNING_KEY_FILE, default DATA_DIR/checkpoint-signing-key.pem), for auditors:
  oversight verify --checkpoints <dir> --public-key <file> needs nothing else.`;

export async function checkpointsCommand(rawArgs: string[], out: NodeJS.WritableStream): Promise<number> {
  const { positionals } = parseCommandArgs(rawArgs, {
    command: 'checkpoints',
    usage: checkpointsUsage,
    options: {},
    allowPositionals: true,
  });
  if (positionals.length !== 1 || positionals[0] !== 'public-key')
    throw new UsageError(`checkpoints takes one subcommand, public-key\n\n${checkpointsUsage}`);
  loadEnvFileIfPresent();
  const file = loadConfig().checkpoints.signingKeyFile;
  if (!existsSync(file))
    throw new UsageError(
      `No signing key at ${file} (CHECKPOINT_SIGNING_KEY_FILE): the service makes one when it first starts with checkpoints on`,
    );
  out.write(publicKeyPem(loadPublicKey(file)));
  return EXIT.ok;
}
