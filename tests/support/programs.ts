import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));

export interface ProgramResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the built `oversight` command as a user would, with only the given settings (in the repository, or in `cwd`). */
export const runOversight = (args: string[], env: Record<string, string>, cwd = root): Promise<ProgramResult> =>
  runNode([`${root}bin/oversight.js`, ...args], env, cwd);

/** Runs a node script of the repository (its `#lib` imports resolve to the built dist/), with only the given settings. */
export function runNode(args: string[], env: Record<string, string> = {}, cwd = root): Promise<ProgramResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { cwd, env: cleanEnv(env) });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/**
 * The environment of a child: PATH and HOME from here, nothing else that could pick a store; and
 * no colours in its logs, so tests read them as an operator's log file would hold them.
 */
export function cleanEnv(env: Record<string, string>): NodeJS.ProcessEnv {
  return { PATH: process.env.PATH, HOME: process.env.HOME, NODE_ENV: 'test', NO_COLOR: '1', ...env };
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}

export interface RunningService {
  baseUrl: string;
  output(): string;
  stop(): Promise<number | null>;
  /** Sends `signal` (SIGKILL: a crash, no shutdown code runs) and resolves once the process is gone. */
  kill(signal: NodeJS.Signals): Promise<number | null>;
}

/** Starts the built service (`node dist/apps/api/src/main.js`) and waits until /health/live answers. */
export async function startService(env: Record<string, string>, timeoutMs = 60_000): Promise<RunningService> {
  const port = await freePort();
  const child = spawn(process.execPath, ['dist/apps/api/src/main.js'], {
    cwd: root,
    env: cleanEnv({ PORT: String(port), ...env }),
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
  const baseUrl = `http://127.0.0.1:${port}`;
  const until = Date.now() + timeoutMs;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`The service exited with ${child.exitCode}:\n${output}`);
    try {
      if ((await fetch(`${baseUrl}/health/live`)).ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > until) {
      child.kill('SIGKILL');
      throw new Error(`The service did not start within ${timeoutMs} ms:\n${output}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return {
    baseUrl,
    output: () => output,
    async stop() {
      child.kill('SIGTERM');
      return exited;
    },
    async kill(signal) {
      child.kill(signal);
      return exited;
    },
  };
}

export interface RunningCommand {
  output(): string;
  /** Sends SIGTERM and resolves with the exit code. */
  stop(): Promise<number | null>;
}

/** Starts a long-running `oversight` command (such as `project`) in the background. */
export function startOversight(args: string[], env: Record<string, string>): RunningCommand {
  const child = spawn(process.execPath, ['bin/oversight.js', ...args], { cwd: root, env: cleanEnv(env) });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
  return {
    output: () => output,
    async stop() {
      child.kill('SIGTERM');
      return exited;
    },
  };
}
