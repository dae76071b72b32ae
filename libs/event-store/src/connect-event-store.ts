import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import pg from 'pg';
import { startEmbeddedPostgres } from './embedded/embedded-postgres.js';
import type { EventStore } from './event-store.port.js';
import { PostgresEventStore } from './postgres/postgres-event-store.js';
import { createPool, poolLimitSettings, type PoolLimits } from './postgres/create-pool.js';
import { DataKeys, KeyEncryptionKeyMismatchError } from './personal-data/data-keys.js';
import { PersonalDataEventStore } from './personal-data/personal-data-event-store.js';
import { KEY_BYTES } from './personal-data/sealed-text.js';

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
  /**
   * The key-encryption key the data keys are wrapped by, base64 of 32 bytes (DATA_KEY_SECRET).
   * Without one, one is made and kept in the data directory (DATA_KEY_FILE_NAME), as the
   * embedded store's data is: configuration refuses that in production on a server.
   */
  dataKeySecret?: string | null;
}

/** The file in the data directory that keeps a key-encryption key made here. */
export const DATA_KEY_FILE_NAME = 'data-key-secret';

export interface ConnectedEventStore {
  /** The store, personal data opened on reading and sealed on writing. */
  store: EventStore;
  /** The same events as stored (personal data sealed): what `verify` checks, needing no key. */
  storedEvents: EventStore;
  /** The data keys personal data is sealed under: destroyed to remove it. */
  dataKeys: DataKeys;
  /** Where the key-encryption key came from, for the start command's log. */
  dataKeyNotice: string;
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
      return { store, pool };
    };
    const secret = keyEncryptionKey(settings);
    const sealing = async (inner: EventStore, keysPool: pg.Pool, migrate: boolean) => {
      const dataKeys = await DataKeys.open(keysPool, secret.key, { migrate }).catch((error: unknown) => {
        if (!(error instanceof KeyEncryptionKeyMismatchError)) throw error;
        throw new Error(
          `Refusing to start: ${error.message}. It came from ${secret.source}; give the service and every command ` +
            'the same DATA_KEY_SECRET (or DATA_KEY_SECRET_FILE), or the same DATA_DIR holding the key file made first',
        );
      });
      return {
        store: new PersonalDataEventStore(inner, dataKeys),
        storedEvents: inner,
        dataKeys,
        dataKeyNotice: secret.notice,
      };
    };

    switch (settings.kind) {
      case 'embedded': {
        const url = await embedded();
        const { store, pool } = await postgresStore(url, 'embedded');
        return {
          ...(await sealing(store, pool, false)),
          readModelDatabaseUrl: url,
          description: `embedded PostgreSQL (PGlite) in ${resolve(settings.dataDir, 'pglite')}: for trying the product, not for records that matter (fsync off, one process)`,
          embeddedPool,
          close,
        };
      }
      case 'postgres': {
        const url = required(settings.databaseUrl, 'DATABASE_URL');
        if (settings.ownerUrl) await migrateAsOwner(settings.ownerUrl);
        const { store, pool } = await postgresStore(url, 'postgres');
        return {
          ...(await sealing(store, pool, false)),
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
        // The data keys live in the read models' PostgreSQL: EventStoreDB holds only events.
        let keysPool = embeddedPool as pg.Pool | null;
        if (settings.databaseUrl || !keysPool) {
          const owned = createPool({ connectionString: readModels, max: 2 }, warnDropped);
          closers.push(() => owned.end());
          keysPool = owned;
        }
        return {
          ...(await sealing(store, keysPool, true)),
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

/**
 * The key-encryption key: the one configured, or the one kept in the data directory, made there
 * the first time. Losing it loses every sealed field, as destroying each data key would.
 */
function keyEncryptionKey(settings: EventStoreSettings): { key: Buffer; notice: string; source: string } {
  if (settings.dataKeySecret) {
    return {
      key: Buffer.from(settings.dataKeySecret, 'base64'),
      notice: 'Personal data is sealed under the configured DATA_KEY_SECRET',
      source: 'DATA_KEY_SECRET',
    };
  }
  const file = resolve(settings.dataDir, DATA_KEY_FILE_NAME);
  if (existsSync(file)) {
    const key = Buffer.from(readFileSync(file, 'utf8').trim(), 'base64');
    if (key.length !== KEY_BYTES) throw new Error(`${file} does not hold base64 of ${KEY_BYTES} bytes`);
    return {
      key,
      notice: `Personal data is sealed under the key-encryption key kept in ${file} (no DATA_KEY_SECRET set): keep it with the data, and safe`,
      source: `the key file ${file} (DATA_DIR; no DATA_KEY_SECRET set)`,
    };
  }
  const key = randomBytes(KEY_BYTES);
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, `${key.toString('base64')}\n`, { mode: 0o600, flag: 'wx' });
  return {
    key,
    notice: `No DATA_KEY_SECRET set: a key-encryption key was made and kept in ${file}; personal data is sealed under it, so keep it with the data, and safe`,
    source: `the key file ${file}, made just now (DATA_DIR; no DATA_KEY_SECRET set)`,
  };
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
