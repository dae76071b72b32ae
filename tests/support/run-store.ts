import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import {
  connectEventStore,
  createPool,
  PostgresEventStore,
  startEmbeddedPostgres,
  type EventStore,
} from '#event-store';
import { createServiceDatabase } from './service-database.js';

/**
 * The store an end-to-end test runs the real programs on: a fresh database on the PostgreSQL
 * server when DATABASE_URL is set (as in CI's second run), else a fresh embedded data directory.
 * `env` is what the spawned service or CLI needs to find it: on the server, the service's role
 * when CI sets the two roles up (support/service-database.ts), while `open` connects as DATABASE_URL's.
 */
export interface RunStore {
  kind: 'postgres' | 'embedded';
  env: Record<string, string>;
  /** Opens the store in this process (the programs under test must not be running on embedded). */
  open<T>(
    work: (store: EventStore, sql: (text: string, params?: unknown[]) => Promise<pg.QueryResult>) => Promise<T>,
  ): Promise<T>;
  /**
   * Opens the store as the service does, personal words (and reasons) opened with the install's
   * key-encryption key: to read what the programs wrote as they read it.
   */
  openWithKeys<T>(work: (store: EventStore) => Promise<T>): Promise<T>;
  dispose(): Promise<void>;
}

async function withKeys<T>(
  settings: { kind: 'postgres' | 'embedded'; databaseUrl?: string; dataDir: string },
  work: (store: EventStore) => Promise<T>,
): Promise<T> {
  const connected = await connectEventStore({ ...settings, poolSize: 2 });
  try {
    return await work(connected.store);
  } finally {
    await connected.close();
  }
}

export async function createRunStore(): Promise<RunStore> {
  const serverUrl = process.env.DATABASE_URL;
  if (serverUrl) {
    const database = await createServiceDatabase(serverUrl, 'oversight_e2e');
    // The key personal data is sealed under is kept in the data directory when no DATA_KEY_SECRET
    // is set: the service and every command of one install share one, wherever they are run from.
    const keyDir = mkdtempSync(join(tmpdir(), 'oversight-e2e-keys-'));
    return {
      kind: 'postgres',
      env: { DATABASE_URL: database.serviceUrl, DATA_DIR: keyDir },
      open: (work) => openOn(database.url, 'postgres', work),
      openWithKeys: (work) => withKeys({ kind: 'postgres', databaseUrl: database.url, dataDir: keyDir }, work),
      async dispose() {
        await database.drop();
        rmSync(keyDir, { recursive: true, force: true });
      },
    };
  }
  const dataDir = mkdtempSync(join(tmpdir(), 'oversight-e2e-'));
  return {
    kind: 'embedded',
    env: { DATA_DIR: dataDir },
    async open(work) {
      const embedded = await startEmbeddedPostgres(join(dataDir, 'pglite'));
      try {
        return await openOn(embedded.url, 'embedded', work);
      } finally {
        await embedded.stop();
      }
    },
    openWithKeys: (work) => withKeys({ kind: 'embedded', dataDir }, work),
    async dispose() {
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

async function openOn<T>(
  url: string,
  backend: 'postgres' | 'embedded',
  work: Parameters<RunStore['open']>[0],
): Promise<T> {
  const pool = createPool({ connectionString: url, max: backend === 'embedded' ? 1 : 2 });
  const store = await PostgresEventStore.open(pool, { backend, listen: false });
  try {
    return (await work(store, (text, params) => pool.query(text, params as unknown[]))) as T;
  } finally {
    await store.close();
    await pool.end();
  }
}
