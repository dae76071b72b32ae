import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseEnv } from 'node:util';
import { ConfigError } from './app-config.js';

/** Larger than any settings file; a .env is read whole, so it is bounded first. */
const MAX_ENV_FILE_BYTES = 64 * 1024;

/**
 * Loads `.env` from the working directory when there is one, as `.env.example` promises. A
 * variable already set in the environment wins over the file (as with Node's --env-file), so a
 * deployment's settings are never overridden by a file left beside it. Answers the file read, or
 * null when there is none.
 */
export function loadEnvFileIfPresent(
  folder = process.cwd(),
  env: Record<string, string | undefined> = process.env,
): string | null {
  const file = join(folder, '.env');
  if (!existsSync(file)) return null;
  let settings: Record<string, string>;
  try {
    const bytes = readFileSync(file);
    if (bytes.length > MAX_ENV_FILE_BYTES) throw new Error(`it is over ${MAX_ENV_FILE_BYTES / 1024} KB`);
    settings = parseEnv(bytes.toString('utf8')) as Record<string, string>;
  } catch (error) {
    throw new ConfigError([`${file} could not be read: ${(error as Error).message}`]);
  }
  for (const [name, value] of Object.entries(settings)) if (env[name] === undefined) env[name] = value;
  return file;
}
