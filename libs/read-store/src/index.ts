export { openReadDatabase, type ReadDatabaseSettings } from './read-database.js';
export { ApiKeyEntity, ROLES, type Role } from './api-keys/api-key.entity.js';
export { ApiKeys, type IssuedKey, type KeyHolder } from './api-keys/api-keys.js';
export { IdempotencyRecordEntity } from './idempotency/idempotency-record.entity.js';
export type { Projection, Sql } from './projections/projection.js';
export { Projector, applyBatch, projectionStatuses, type ProjectionStatus } from './projections/projector.js';
export { auditLogProjection } from './audit-log/audit-log.projection.js';
export { currentStateProjection } from './current-state/current-state.projection.js';

/** Every read model, in the order the projector applies them. */
export { allProjections } from './projections/all-projections.js';
