import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import pg from 'pg';
import { startEmbeddedPostgres } from './embedded/embedded-postgres.js';
import type { EventStore } from './event-store.port.js';
import { PostgresEventStore } from './postgres/postgres-event-store.js';
import { createPool, poolLimitSettings, type PoolLimits } from './postgres/create-pool.js';

export interface EventStoreSettings {
  kind: 'embedded' | 'postgres' | 'eventstoredb';
  databaseUrl?: string;
  /** The owner's role, for the event store's migrations (a server only); unset: databaseUrl's. */
  ownerUrl?: string;
  eventStoreUrl?: string;
  dataDir: string;
  poolSize: number;
  /** For a PostgreSQL server's pool (the service sets them; the CLI's long rebuilds do not). */
  limits?: PoolLimits;
}

export interface ConnectedEventStore {
  store: EventStore;
  /** The PostgreSQL that read models use: the server, or the embedded one. */
  readModelDatabaseUrl: string;
  /** One line for the log: which store, and what it is fit for. */
  description: string;
  /**
   * On the embedded store, the one connection every part of the process must share: PGlite has a
   * single session, and two sockets' extended-protocol messages can interleave in it.
   */
  embeddedPool: pg.Pool | null;
  close(): Promise<void>;
}

/** Opens the configured event store, and an embedded PostgreSQL where one is needed. */
export async function connectEventStore(settings: EventStoreSettings): Promise<ConnectedEventStore> {
  const closers: (() => Promise<void>)[] = [];
  const close = async () => {
    for (const closer of closers.reverse()) await closer();
  };
  try {
    let embeddedUrl: string | null = null;
    let embeddedPool: pg.Pool | null = null;
    const embedded = async () => {
      if (embeddedUrl) return embeddedUrl;
      const dataDir = resolve(settings.dataDir, 'pglite');
      const releaseLock = lockDataDir(dataDir);
      closers.push(async () => releaseLock());
      const database = await startEmbeddedPostgres(dataDir);
      closers.push(() => database.stop());
      embeddedUrl = database.url;
      embeddedPool = createPool({ connectionString: database.url, max: 1 }, warnDropped);
      const pool = embeddedPool;
      closers.push(() => pool.end());
      return embeddedUrl;
    };
    const postgresStore = async (url: string, backend: 'postgres' | 'embedded') => {
      let pool = embeddedPool;
      if (backend === 'postgres' || !pool) {
        pool = createPool(
          { connectionString: url, max: settings.poolSize, ...poolLimitSettings(settings.limits) },
          warnDropped,
        );
        const owned = pool;
        closers.push(() => owned.end());
      }
      const store = await PostgresEventStore.open(pool, { backend, listen: backend === 'postgres' });
      closers.push(() => store.close());
      return store;
    };

    switch (settings.kind) {
      case 'embedded': {
        const url = await embedded();
        return {
          store: await postgresStore(url, 'embedded'),
          readModelDatabaseUrl: url,
          description: `embedded PostgreSQL (PGlite) in ${resolve(settings.dataDir, 'pglite')}: for trying the product, not for records that matter (fsync off, one process)`,
          embeddedPool,
          close,
        };
      }
      case 'postgres': {
        const url = required(settings.databaseUrl, 'DATABASE_URL');
        if (settings.ownerUrl) await migrateAsOwner(settings.ownerUrl);
        return {
          store: await postgresStore(url, 'postgres'),
          readModelDatabaseUrl: url,
          description: `PostgreSQL at ${redact(url)}`,
          embeddedPool: null,
          close,
        };
      }
      case 'eventstoredb': {
        const { EventStoreDbEventStore } = await import('./eventstoredb/eventstoredb-event-store.js');
        const url = required(settings.eventStoreUrl, 'EVENTSTORE_URL');
        const store = await EventStoreDbEventStore.connect(url);
        closers.push(() => store.close());
        const readModels = settings.databaseUrl ?? (await embedded());
        return {
          store,
          readModelDatabaseUrl: readModels,
          description: `EventStoreDB at ${redact(url)}; read models in ${settings.databaseUrl ? redact(settings.databaseUrl) : 'embedded PostgreSQL'}. An import is not all-or-nothing on EventStoreDB (no transaction across streams): one that fails part-way leaves part of it until it is run again, which writes only what is missing`,
          embeddedPool,
          close,
        };
      }
    }
  } catch (error) {
    await close();
    throw error;
  }
}

/**
 * Applies the event store's migrations as the owner's role, on a connection of its own closed at
 * once: the service then opens the store as its own role, which finds nothing left to apply and
 * needs only INSERT and SELECT on the events (docs/operating.md, "Two database roles").
 */
async function migrateAsOwner(ownerUrl: string): Promise<void> {
  const pool = createPool({ connectionString: ownerUrl, max: 1 }, warnDropped);
  try {
    await PostgresEventStore.migrate(pool);
  } finally {
    await pool.end();
  }
}

const warnDropped = (error: Error) =>
  console.warn(`A database connection was closed by the server and will be replaced: ${error.message}`);

function required(value: string | undefined, name: string): string {
  if (!value) throw new Error(`${name} is required for this store`);
  return value;
}

/** Connection strings in logs without their passwords. */
export function redact(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return '(unparseable URL)';
  }
}

/**
 * PGlite has no lock of its own: two processes on one data directory would corrupt it. A pid file
 * refuses the second one with a message that says what to do.
 */
function lockDataDir(dataDir: string): () => void {
  const lockFile = join(dataDir, '..', 'pglite.pid');
  mkdirSync(dirname(lockFile), { recursive: true });
  if (existsSync(lockFile)) {
    const pid = Number(readFileSync(lockFile, 'utf8').trim());
    if (pid && pid !== process.pid && isAlive(pid)) {
      throw new Error(
        `The embedded store in ${dataDir} is in use by process ${pid}. Stop that process first, or set DATABASE_URL to use a PostgreSQL server.`,
      );
    }
  }
  writeFileSync(lockFile, String(process.pid));
  return () => rmSync(lockFile, { force: true });
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
