import pg from 'pg';
import { DataSource } from 'typeorm';
import { ApiKeyEntity } from './api-keys/api-key.entity.js';
import { IdempotencyRecordEntity } from './idempotency/idempotency-record.entity.js';
import { ApiKeysAndIdempotency1795300000000 } from './migrations/1795300000000-api-keys-and-idempotency.js';
import { ReadModels1795400000000 } from './migrations/1795400000000-read-models.js';

// Calendar dates stay 'YYYY-MM-DD' text: parsed into a Date they would shift with the time zone.
pg.types.setTypeParser(pg.types.builtins.DATE, (value) => value);

export interface ReadDatabaseSettings {
  url: string;
  poolSize: number;
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
    migrations: [ApiKeysAndIdempotency1795300000000, ReadModels1795400000000],
    migrationsTableName: 'oversight_read_migrations',
    migrationsTransactionMode: 'each',
    synchronize: false,
    logging: false,
    extra: { max: settings.poolSize },
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
