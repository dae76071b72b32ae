import { fork } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type pg from 'pg';
import type { DataSource } from 'typeorm';
import { randomBytes } from 'node:crypto';
import {
  connectEventStore,
  createPool,
  DataKeys,
  PersonalDataEventStore,
  PostgresEventStore,
  type EventStore,
} from '#event-store';
import { openReadDatabase } from '#read-store';
import { createTestDatabase } from '../../libs/event-store/src/testing/test-databases.js';
import type { BenchOptions } from './harness.js';
import type { ServiceProcessReady } from './service-process.js';

/**
 * Where each benchmark runs: a fresh database on the PostgreSQL server (dropped afterwards), or a
 * fresh embedded store in a temporary directory (removed afterwards), opened the way the service
 * opens them; or the whole service listening on a loopback port.
 */

/**
 * pg's Pool.end() resolves once its clients are told to end, not once the server has let them go;
 * a DROP DATABASE … WITH (FORCE) right after can still find them and kill them, which each pool's
 * error listener then reports. A moment's pause keeps that noise out of the output.
 */
const settle = () => new Promise((resolve) => setTimeout(resolve, 250));

export interface BenchStore {
  kind: 'postgres' | 'embedded';
  /** The database's URL (for the raw baselines, on the server). */
  url: string;
  store: EventStore;
  /** The store's pool: raw SQL on the events table. */
  pool: pg.Pool;
  readDatabase: DataSource;
  close(): Promise<void>;
}

export async function serverStore(
  options: Pick<BenchOptions, 'serverUrl' | 'sealed'>,
  prefix: string,
  poolSize = 10,
): Promise<BenchStore> {
  const database = await createTestDatabase(options.serverUrl, prefix);
  const pool = createPool({ connectionString: database.url, max: poolSize });
  try {
    const stored = await PostgresEventStore.open(pool, { backend: 'postgres', listen: true });
    // As connectEventStore opens it for the service: personal words sealed under data keys
    // wrapped by a key-encryption key (one made for the run), unless --unsealed.
    const store = options.sealed
      ? new PersonalDataEventStore(stored, await DataKeys.open(pool, randomBytes(32)))
      : stored;
    const readDatabase = await openReadDatabase({ url: database.url, poolSize });
    return {
      kind: 'postgres',
      url: database.url,
      store,
      pool,
      readDatabase,
      async close() {
        await readDatabase.destroy();
        await store.close();
        await pool.end();
        await settle();
        await database.drop();
      },
    };
  } catch (error) {
    await pool.end();
    await database.drop();
    throw error;
  }
}

export async function embeddedStore(): Promise<BenchStore> {
  const dataDir = mkdtempSync(join(tmpdir(), 'oversight-bench-'));
  const connected = await connectEventStore({ kind: 'embedded', dataDir, poolSize: 1 });
  const readDatabase = await openReadDatabase({
    url: connected.readModelDatabaseUrl,
    poolSize: 1,
    sharedPool: connected.embeddedPool,
  });
  return {
    kind: 'embedded',
    url: connected.readModelDatabaseUrl,
    store: connected.store,
    pool: connected.embeddedPool!,
    readDatabase,
    async close() {
      await readDatabase.destroy();
      await connected.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export interface Response {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: any;
}

/** A keep-alive HTTP client with one socket per concurrent caller. */
export function httpClient(baseUrl: string, sockets: number) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: sockets });
  const { hostname, port } = new URL(baseUrl);
  return {
    request(method: string, path: string, headers: Record<string, string>, body?: unknown): Promise<Response> {
      const payload = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
      return new Promise((resolve, reject) => {
        const request = http.request(
          {
            agent,
            hostname,
            port,
            method,
            path,
            headers: {
              ...headers,
              ...(payload ? { 'Content-Type': 'application/json', 'Content-Length': String(payload.length) } : {}),
            },
          },
          (response) => {
            const chunks: Buffer[] = [];
            response.on('data', (chunk: Buffer) => chunks.push(chunk));
            response.on('end', () => {
              const text = Buffer.concat(chunks).toString('utf8');
              resolve({
                status: response.statusCode ?? 0,
                headers: response.headers,
                body: text ? JSON.parse(text) : null,
              });
            });
            response.on('error', reject);
          },
        );
        request.on('error', reject);
        request.end(payload);
      });
    },
    close: () => agent.destroy(),
  };
}

/** The service listening on a loopback port, on a fresh database or embedded store of its own. */
export interface HttpService {
  kind: 'postgres' | 'embedded';
  /** The database's URL on the server, or null on the embedded store. */
  url: string | null;
  baseUrl: string;
  managerKey: string;
  close(): Promise<void>;
}

/** A fresh database (or embedded data directory) and the service's environment on it, projector inline as `npm start` runs it. */
async function serviceEnvironment(kind: 'postgres' | 'embedded', serverUrl: string, poolSize: number) {
  const database = kind === 'postgres' ? await createTestDatabase(serverUrl, 'oversight_bench_api') : null;
  const dataDir = database ? null : mkdtempSync(join(tmpdir(), 'oversight-bench-api-'));
  const env: Record<string, string> = database
    ? { DATABASE_URL: database.url, DB_POOL_SIZE: String(poolSize), PROJECTOR: 'inline' }
    : { DATA_DIR: dataDir!, PROJECTOR: 'inline' };
  return {
    env,
    url: database?.url ?? null,
    async remove() {
      await settle();
      await database?.drop();
      if (dataDir) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/**
 * BENCH_CPU_PROF=<dir>: the services under load (Oversight's and the peers') write a V8 CPU
 * profile there when they close (`node --cpu-prof`), to find where a request's time goes.
 */
export const profiling = (): string[] =>
  process.env.BENCH_CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`] : [];

/**
 * The service as `npm start` runs it, in a process of its own (`service-process.ts`), so that the
 * load generator in this process does not share its event loop: client and service meet only
 * over loopback, as the raw baselines' client and the PostgreSQL server do.
 */
export async function startServiceProcess(
  kind: 'postgres' | 'embedded',
  serverUrl: string,
  poolSize = 20,
): Promise<HttpService> {
  const { env, url, remove } = await serviceEnvironment(kind, serverUrl, poolSize);
  const child = fork(fileURLToPath(new URL('./service-process.js', import.meta.url)), [], {
    env: { PATH: process.env.PATH ?? '', ...env },
    execArgv: profiling(),
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  try {
    const ready = await Promise.race([
      new Promise<ServiceProcessReady>((resolve) =>
        child.once('message', (message) => resolve(message as ServiceProcessReady)),
      ),
      exited.then((code) => Promise.reject(new Error(`The service under load exited (${code}) before it listened`))),
    ]);
    return {
      kind,
      url,
      baseUrl: `http://127.0.0.1:${ready.port}`,
      managerKey: ready.managerKey,
      async close() {
        child.send('close');
        await exited;
        await remove();
      },
    };
  } catch (error) {
    child.kill('SIGKILL');
    await exited;
    await remove();
    throw error;
  }
}
