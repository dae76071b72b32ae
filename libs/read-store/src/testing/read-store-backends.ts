import type { DataSource } from 'typeorm';
import { createPool, PostgresEventStore, startEmbeddedPostgres, type EventStore } from '#event-store';
import { createTestDatabase } from '../../../event-store/src/testing/test-databases.js';
import { storeKindsUnderTest, type StoreKind } from '../../../event-store/src/testing/stores-under-test.js';
import { openReadDatabase } from '../read-database.js';

export interface StoresUnderTest {
  name: string;
  store: EventStore;
  readDatabase: DataSource;
  /** The database both are on, for another connection to it (another process, as it were). */
  url: string;
  dispose(): Promise<void>;
}

/** An event store and its read database on one fresh database: embedded, or the DATABASE_URL server. */
export async function openStores(kind: StoreKind): Promise<StoresUnderTest> {
  const database = kind === 'postgres' ? await createTestDatabase(process.env.DATABASE_URL!, 'oversight_rm') : null;
  const embedded = database ? null : await startEmbeddedPostgres(null);
  const url = database?.url ?? embedded!.url;
  // Embedded: one connection for the store and the read database alike, as the service does.
  const pool = createPool({ connectionString: url, max: kind === 'postgres' ? 10 : 1 });
  const store = await PostgresEventStore.open(pool, { backend: kind, pollIntervalMs: 20, listen: kind === 'postgres' });
  const readDatabase = await openReadDatabase({ url, poolSize: 5, sharedPool: kind === 'embedded' ? pool : null });
  return {
    name: kind === 'postgres' ? 'PostgreSQL server' : 'embedded PostgreSQL (PGlite)',
    store,
    readDatabase,
    url,
    async dispose() {
      await readDatabase.destroy();
      await store.close();
      await pool.end();
      await embedded?.stop();
      await database?.drop();
    },
  };
}

/** The backends this run tests: embedded and the server when DATABASE_URL is set, as TEST_STORES narrows them. */
export const readStoreBackends = (): StoreKind[] =>
  storeKindsUnderTest()
    .filter(({ skipReason }) => skipReason === null)
    .map(({ kind }) => kind);
