import pg from 'pg';
import { DataSource } from 'typeorm';
import { ApiKeyEntity } from './api-keys/api-key.entity.js';
import { IdempotencyRecordEntity } from './idempotency/idempotency-record.entity.js';
import { ApiKeysAndIdempotency1795300000000 } from './migrations/1795300000000-api-keys-and-idempotency.js';
import { ReadModels1795400000000 } from './migrations/1795400000000-read-models.js';
import { ActionSnapshots1795500000000 } from './migrations/1795500000000-action-snapshots.js';
import { AuditLogActorName1795600000000 } from './migrations/1795600000000-audit-log-actor-name.js';
import { AuditLogNoEffectiveIndex1795700000000 } from './migrations/1795700000000-audit-log-no-effective-index.js';
import { ProjectBatchFunction1795800000000 } from './migrations/1795800000000-project-batch-function.js';
import { SignIns1795900000000 } from './migrations/1795900000000-sign-ins.js';
import { RecommendationLinks1796000000000 } from './migrations/1796000000000-recommendation-links.js';

// Calendar dates stay 'YYYY-MM-DD' text: parsed into a Date they would shift with the time zone.
pg.types.setTypeParser(pg.types.builtins.DATE, (value) => value);

export interface ReadDatabaseSettings {
  url: string;
  poolSize: number;
  /** A pool to use instead of one of its own (the embedded store's single connection); its owner ends it. */
  sharedPool?: pg.Pool | null;
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
 * The PostgreSQL database beside the event store: API keys, idempotency records and, later, the
 * read models. Its schema comes from migrations only; `synchronize` stays off.
 */
export async function openReadDatabase(settings: ReadDatabaseSettings): Promise<DataSource> {
  const dataSource = new DataSource({
    type: 'postgres',
    url: settings.url,
    entities: [ApiKeyEntity, IdempotencyRecordEntity],
    migrations: [
      ApiKeysAndIdempotency1795300000000,
      ReadModels1795400000000,
      ActionSnapshots1795500000000,
      AuditLogActorName1795600000000,
      AuditLogNoEffectiveIndex1795700000000,
      ProjectBatchFunction1795800000000,
      SignIns1795900000000,
      RecommendationLinks1796000000000,
    ],
    migrationsTableName: 'oversight_read_migrations',
    migrationsTransactionMode: 'each',
    synchronize: false,
    logging: false,
    extra: { max: settings.poolSize },
    ...(settings.sharedPool ? { driver: pgWithPool(settings.sharedPool) } : {}),
  });
  await dataSource.initialize();
  try {
    await dataSource.runMigrations();
  } catch (error) {
    await dataSource.destroy();
    throw error;
  }
  return dataSource;
}
