export type { Actor, EventData, EventMetadata, JsonValue, NewEvent, RecordedEvent } from './event-envelope.js';
export {
  ANY,
  NO_STREAM,
  type AppendOptions,
  type AppendManyResult,
  type AppendResult,
  type CommandsReport,
  type EventStore,
  type ExpectedRevision,
  type KnownHead,
  type ReadAllOptions,
  type ReadAllPage,
  type EventSummary,
  type ReadStreamOptions,
  type StreamWrite,
  type SubscribeOptions,
  type Subscription,
} from './event-store.port.js';
export { EffectiveTimeInFutureError, InvalidEventError, WrongExpectedRevisionError } from './event-store.errors.js';
export { canonicalJson, hashEvent, uuidFromSeed } from './event-hash.js';
export { inBatches } from './in-batches.js';
export { BatchingSubscriber, type BatchConsumer, type BatchingSubscriberOptions } from './batching-subscriber.js';
export { PostgresEventStore } from './postgres/postgres-event-store.js';
export { DEFAULT_APPENDS_IN_FLIGHT } from './postgres/postgres-appends.js';
export { MAX_APPEND_GROUP } from './postgres/append-groups.js';
export { createPool } from './postgres/create-pool.js';
export { startEmbeddedPostgres, type EmbeddedPostgres } from './embedded/embedded-postgres.js';
export { verifyEventStore, type VerifyReport, type BrokenEvent } from './verify/verify-event-store.js';
export { poolLimitSettings, type PoolLimits } from './postgres/create-pool.js';
export { MIGRATION_LOCK_KEY } from './postgres/migrate.js';
export {
  connectEventStore,
  redact,
  DATA_KEY_FILE_NAME,
  type ConnectedEventStore,
  type EventStoreSettings,
} from './connect-event-store.js';
export { DataKeys, type DataKeyEntry, type Destruction } from './personal-data/data-keys.js';
export { PersonalDataEventStore } from './personal-data/personal-data-event-store.js';
export {
  PERSONAL_DATA_EVENT_TYPES,
  mapPersonalFields,
  personalSubject,
  type Subject,
  type SubjectKind,
} from './personal-data/personal-fields.js';
export { isSealed, removedMarker, type SealedText } from './personal-data/sealed-text.js';
export { hashLink, linkOf, type ChainLink, type EventChain } from './chain/chain-link.js';
export { ChainSealer } from './chain/chain-sealer.js';
export {
  CheckpointWriter,
  checkpointFileName,
  checkpointFiles,
  checkpointSignatureHolds,
  keyIdOf,
  loadOrCreateSigningKey,
  loadPublicKey,
  publicKeyPem,
  readCheckpoint,
  signCheckpoint,
  type CheckpointBody,
  type CheckpointEntry,
  type SignedCheckpoint,
  type SigningKey,
} from './chain/checkpoints.js';
export {
  verifyChain,
  type ChainProblem,
  type ChainReport,
  type CheckpointReport,
  type MissingTail,
} from './verify/verify-chain.js';
