import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadEnvFileIfPresent } from './env-file.js';

describe('loadEnvFileIfPresent', () => {
  let folder: string;
  beforeEach(() => {
    folder = mkdtempSync(join(tmpdir(), 'oversight-env-'));
  });
  afterEach(() => {
    rmSync(folder, { recursive: true, force: true });
  });

  it('reads .env into the environment, leaving what the environment already sets', () => {
    writeFileSync(join(folder, '.env'), 'OVERSIGHT_TEST_FROM_FILE=file\nOVERSIGHT_TEST_SET_ALREADY=file\n');
    const env: Record<string, string | undefined> = { OVERSIGHT_TEST_SET_ALREADY: 'environment' };
    expect(loadEnvFileIfPresent(folder, env)).toBe(join(folder, '.env'));
    expect(env).toEqual({ OVERSIGHT_TEST_FROM_FILE: 'file', OVERSIGHT_TEST_SET_ALREADY: 'environment' });
  });

  it('does nothing without a .env', () => {
    const env = {};
    expect(loadEnvFileIfPresent(folder, env)).toBeNull();
    expect(env).toEqual({});
  });

  it('refuses a .env too large to be settings, naming the file', () => {
    writeFileSync(join(folder, '.env'), `A=${'x'.repeat(70 * 1024)}\n`);
    expect(() => loadEnvFileIfPresent(folder, {})).toThrow(
      `${join(folder, '.env')} could not be read: it is over 64 KB`,
    );
  });
});
