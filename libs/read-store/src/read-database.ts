import pg from 'pg';
import { DataSource } from 'typeorm';
import { MIGRATION_LOCK_KEY, poolLimitSettings, type PoolLimits } from '#event-store';
import { ApiKeysAndIdempotency1795300000000 } from './migrations/1795300000000-api-keys-and-idempotency.js';
import { ReadModels1795400000000 } from './migrations/1795400000000-read-models.js';
import { ActionSnapshots1795500000000 } from './migrations/1795500000000-action-snapshots.js';
import { AuditLogActorName1795600000000 } from './migrations/1795600000000-audit-log-actor-name.js';
import { AuditLogNoEffectiveIndex1795700000000 } from './migrations/1795700000000-audit-log-no-effective-index.js';
import { ProjectBatchFunction1795800000000 } from './migrations/1795800000000-project-batch-function.js';
import { ProjectBatchStaticWrites1796600000000 } from './migrations/1796600000000-project-batch-static-writes.js';
import { SignIns1795900000000 } from './migrations/1795900000000-sign-ins.js';
import { EvidenceDocuments1796000000000 } from './migrations/1796000000000-evidence-documents.js';
import { IdempotencyExpiry1796050000000 } from './migrations/1796050000000-idempotency-expiry.js';
import { ApiKeysNotify1796060000000 } from './migrations/1796060000000-api-keys-notify.js';
import { ApiKeyExpiry1796070000000 } from './migrations/1796070000000-api-key-expiry.js';
import { EraseReasons1796400000000 } from './migrations/1796400000000-erase-reasons.js';
import { ActionsUpdatedInPlace1796500000000 } from './migrations/1796500000000-actions-updated-in-place.js';
import { ErasePersonalData1796100000000 } from './migrations/1796100000000-erase-personal-data.js';
import { RecommendationLinks1796010000000 } from './migrations/1796010000000-recommendation-links.js';
import { ChildDataAccess1796200000000 } from './migrations/1796200000000-child-data-access.js';

// Calendar dates stay 'YYYY-MM-DD' text: parsed into a Date they would shift with the time zone.
pg.types.setTypeParser(pg.types.builtins.DATE, (value) => value);

export interface ReadDatabaseSettings {
  url: string;
  poolSize: number;
  /** A pool to use instead of one of its own (the embedded store's single connection); its owner ends it. */
  sharedPool?: pg.Pool | null;
  /** For a pool of its own on a server (the service sets them; the CLI does not). */
  limits?: PoolLimits;
}

/** The `pg` module as TypeORM sees it, but whose Pool is the given one, left open on destroy. */
function pgWithPool(pool: pg.Pool) {
  const borrowed = new Proxy(pool, {
    // TypeORM ends its pool with a callback on destroy; the borrowed one answers at once and stays open.
    get: (target, property) =>
      property === 'end' ? (done?: () => void) => (done?.(), Promise.resolve()) : Reflect.get(target, property, target),
  });
  return {
    ...pg,
    Pool: function SharedPool() {
      return borrowed;
    },
  };
}

/**
 * The PostgreSQL database beside the event store: the read models, API keys, idempotency records
 * and sign-ins. TypeORM holds the connection and runs the migrations (its schema comes from them
 * only; `synchronize` stays off); everything reads and writes it in SQL through `query`, since
 * the projections' set-based statements are what an entity cannot say (docs/architecture.md).
 */
export async function openReadDatabase(settings: ReadDatabaseSettings): Promise<DataSource> {
  const dataSource = new DataSource({
    type: 'postgres',
    url: settings.url,
    migrations: [
      ApiKeysAndIdempotency1795300000000,
      ReadModels1795400000000,
      ActionSnapshots1795500000000,
      AuditLogActorName1795600000000,
      AuditLogNoEffectiveIndex1795700000000,
      ProjectBatchFunction1795800000000,
      SignIns1795900000000,
      EvidenceDocuments1796000000000,
      IdempotencyExpiry1796050000000,
      ApiKeysNotify1796060000000,
      ApiKeyExpiry1796070000000,
      ErasePersonalData1796100000000,
      RecommendationLinks1796010000000,
      ChildDataAccess1796200000000,
      EraseReasons1796400000000,
      ActionsUpdatedInPlace1796500000000,
      ProjectBatchStaticWrites1796600000000,
    ],
    migrationsTableName: 'oversight_read_migrations',
    migrationsTransactionMode: 'each',
    synchronize: false,
    logging: false,
    extra: { max: settings.poolSize, ...poolLimitSettings(settings.limits) },
    ...(settings.sharedPool ? { driver: pgWithPool(settings.sharedPool) } : {}),
  });
  await dataSource.initialize();
  try {
    await migrate(dataSource, settings.sharedPool ? null : settings.url);
  } catch (error) {
    await dataSource.destroy();
    throw error;
  }
  return dataSource;
}

/**
 * Runs the migrations not yet run. On a server, under the event store's migration lock, held on
 * a connection of its own (so a pool of one still has its connection for the migrations), so two
 * instances starting together take turns instead of both creating the same table (TypeORM takes
 * no lock of its own). The embedded store has one connection and one process: no lock.
 */
async function migrate(dataSource: DataSource, serverUrl: string | null): Promise<void> {
  if (!serverUrl) {
    await dataSource.runMigrations();
    return;
  }
  const lockHolder = new pg.Client({ connectionString: serverUrl, application_name: 'oversight-read-migrations' });
  await lockHolder.connect();
  try {
    await lockHolder.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    await dataSource.runMigrations();
  } finally {
    // Ending the session lets go of its advisory lock, whatever happened.
    await lockHolder.end();
  }
}
