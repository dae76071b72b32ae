export { openReadDatabase, type ReadDatabaseSettings } from './read-database.js';
export { ApiKeyEntity, ROLES, type Role } from './api-keys/api-key.entity.js';
export { ApiKeys, type IssuedKey, type KeyHolder } from './api-keys/api-keys.js';
export { IdempotencyRecordEntity } from './idempotency/idempotency-record.entity.js';
