import pg from 'pg';
import type { EventStore } from '../event-store.port.js';
import { startEmbeddedPostgres } from '../embedded/embedded-postgres.js';
import { PostgresEventStore } from '../postgres/postgres-event-store.js';
import { createTestDatabase } from './test-databases.js';
import { createPool } from '../postgres/create-pool.js';
import { eventStoreMigrations } from '../postgres/event-store.migrations.js';
import { runMigrations } from '../postgres/migrate.js';
import { storeSkipReason } from './stores-under-test.js';

/** A store under test, with what some contract cases need beyond the port. */
export interface StoreUnderTest {
  store: EventStore;
  /** Raw SQL on the store's own database, for tampering cases; absent where events are not in SQL. */
  sql?: (text: string, params?: unknown[]) => Promise<pg.QueryResult>;
  /** A second connection for holding locks while the store works; absent where there is none. */
  connect?: () => Promise<pg.Client>;
  /** Whether two transactions can be open at once (PGlite runs one at a time). */
  interleavesTransactions: boolean;
  dispose(): Promise<void>;
}

export interface BackendUnderTest {
  name: string;
  /** Why the backend is not tested here, or null when it is. */
  skipReason: string | null;
  open(): Promise<StoreUnderTest>;
}

async function overPool(
  pool: pg.Pool,
  backend: 'postgres' | 'embedded',
  interleaves: boolean,
  cleanup: () => Promise<void>,
  copyFromEvents?: number,
): Promise<StoreUnderTest> {
  const store = await PostgresEventStore.open(pool, { backend, pollIntervalMs: 20, copyFromEvents });
  return {
    store,
    sql: (text, params) => pool.query(text, params as unknown[]),
    connect: async () => {
      const client = new pg.Client(pool.options);
      await client.connect();
      return client;
    },
    interleavesTransactions: interleaves,
    async dispose() {
      await store.close();
      await pool.end();
      await cleanup();
    },
  };
}

export const embeddedBackend: BackendUnderTest = {
  name: 'embedded PostgreSQL (PGlite)',
  skipReason: storeSkipReason('embedded'),
  async open() {
    const embedded = await startEmbeddedPostgres(null);
    // One connection, as the service uses: PGlite has one session (see connect-event-store.ts).
    const pool = createPool({ connectionString: embedded.url, max: 1 });
    return overPool(pool, 'embedded', false, () => embedded.stop());
  },
};

export const postgresBackend: BackendUnderTest = {
  name: 'PostgreSQL server',
  skipReason: storeSkipReason('postgres'),
  async open() {
    const database = await createTestDatabase(process.env.DATABASE_URL!);
    const pool = createPool({ connectionString: database.url, max: 25 });
    return overPool(pool, 'postgres', true, () => database.drop());
  },
};

/** The server again, with every append written by COPY, so that path is held to the whole contract. */
export const postgresCopyBackend: BackendUnderTest = {
  name: 'PostgreSQL server, every append by COPY',
  skipReason: postgresBackend.skipReason,
  async open() {
    const database = await createTestDatabase(process.env.DATABASE_URL!);
    const pool = createPool({ connectionString: database.url, max: 25 });
    return overPool(pool, 'postgres', true, () => database.drop(), 1);
  },
};

export const eventStoreDbBackend: BackendUnderTest = {
  name: 'EventStoreDB',
  skipReason: process.env.EVENTSTORE_URL
    ? null
    : 'EVENTSTORE_URL is not set (no EventStoreDB server can run on this machine; docker/ starts one)',
  async open() {
    const { EventStoreDbEventStore } = await import('../eventstoredb/eventstoredb-event-store.js');
    const store = await EventStoreDbEventStore.connect(process.env.EVENTSTORE_URL!);
    return { store, interleavesTransactions: true, dispose: () => store.close() };
  },
};

/**
 * A pool on a fresh database of the embedded store or the server, with the event store's schema,
 * for the specs of the store's parts (appends, reads), which take a pool and no store.
 */
export async function migratedPool(
  kind: 'embedded' | 'postgres',
): Promise<{ pool: pg.Pool; url: string; dispose(): Promise<void> }> {
  const database =
    kind === 'embedded' ? await startEmbeddedPostgres(null) : await createTestDatabase(process.env.DATABASE_URL!);
  const release = 'stop' in database ? () => database.stop() : () => database.drop();
  // One connection on the embedded store, as the service uses: PGlite has one session.
  const pool = createPool({ connectionString: database.url, max: kind === 'embedded' ? 1 : 10 });
  await runMigrations(pool, 'oversight_event_store_migrations', eventStoreMigrations);
  return {
    pool,
    url: database.url,
    async dispose() {
      await pool.end();
      await release();
    },
  };
}

export const allBackends = [embeddedBackend, postgresBackend, postgresCopyBackend, eventStoreDbBackend];
