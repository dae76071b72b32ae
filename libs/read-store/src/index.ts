export { openReadDatabase, type ReadDatabaseSettings } from './read-database.js';
export { ROLES, type Role, type ApiKeyRecord } from './api-keys/api-key-record.js';
export { ApiKeys, type IssuedKey, type KeyChange, type KeyHolder, type KeyRecord } from './api-keys/api-keys.js';
export { API_KEYS_LISTENER_NAME, type ApiKeyCaching } from './api-keys/api-key-cache.js';
export { SignIns, type SignInOutcome, type SignInRecord } from './sign-ins/sign-ins.js';
export {
  IdempotencyRecords,
  PENDING as IDEMPOTENCY_PENDING,
  ABANDONED_AFTER_SECONDS,
  type KeptAnswer,
} from './idempotency/idempotency-records.js';
export type { Projection, ProjectionTarget, Sql } from './projections/projection.js';
export {
  Projector,
  applyBatch,
  projectionStatuses,
  type ProjectionStatus,
  type ProjectorFailure,
} from './projections/projector.js';
export { rebuildProjections, type RebuildProgress, type RebuildResult } from './projections/rebuild.js';
export {
  compareWithRebuild,
  isEqual as readModelsEqual,
  type ProjectionComparison,
  type TableComparison,
  type RowDifference,
} from './projections/compare-with-rebuild.js';
export { auditLogProjection } from './audit-log/audit-log.projection.js';
export { currentStateProjection } from './current-state/current-state.projection.js';

/** Every read model, in the order the projector applies them. */
export { allProjections } from './projections/all-projections.js';
export {
  planState,
  actionState,
  ACTION_SORTS,
  STATUS_FILTERS,
  type ActionSort,
  type StatusFilter,
  type PlanStateQuery,
  type PlanStateView,
  type PlanActionView,
  type PlanHeader,
  type PlanCounts,
} from './current-state/plan-state.reader.js';
export { actionRowsAsItStood, type AsItStood } from './current-state/as-it-stood.js';
export { actionDetails, type ActionDetails } from './current-state/action-details.reader.js';
export { planList, type PlanSummary } from './current-state/plan-list.reader.js';
export { planChangesReport, type PlanChangesReport, type ActionMovement } from './current-state/plan-changes.reader.js';
export { accountability, type BragCounts, type SourceAccountability } from './current-state/accountability.reader.js';
export {
  auditLog,
  auditCsvHeader,
  auditCsvLine,
  evidenceTimeline,
  type AuditEntry,
  type AuditLogQuery,
  type ChangesBasis,
} from './audit-log/audit-log.reader.js';
export { recommendationHistory, type RecommendationHistory } from './audit-log/recommendation-history.reader.js';
export { positionAt, dueDateMoves } from './audit-log/report-facts.reader.js';
export { isKnown, type KnownKind } from './current-state/known.reader.js';
export { type RecommendationChoice } from './current-state/recommendation-choices.reader.js';
export { actionNames, type ActionName } from './current-state/action-names.reader.js';
export {
  planForExport,
  type PlanForExport,
  type ActionForExport,
  type CommentForExport,
} from './current-state/plan-export.reader.js';
export { ReadModels, SqlReadModels } from './read-models.js';
export { evidenceDocument, type EvidenceDocumentView } from './audit-log/evidence-document.reader.js';
export {
  DocumentStore,
  DocumentUpload,
  DocumentDamagedError,
  DocumentTooLargeError,
  UnsupportedDocumentTypeError,
  ALLOWED_DOCUMENT_TYPES_WORDS,
  DOCUMENT_CHUNK_BYTES,
  type StoredDocument,
  type DocumentProblem,
} from './documents/document-store.js';
export { MediaTypeSniffer } from './documents/media-type-sniffer.js';
export { ChildLevelWords, type ChildLevelRecord, type ChildLevelWordSet } from './child-data/child-level-words.js';
export { CHILD_WORDS_WITHHELD, findChildWords } from './child-data/withhold-child-words.js';
export { ChildDataReadModels } from './child-data/child-data-read-models.js';
export {
  ChildDataAccessLog,
  accessLogCsvHeader,
  accessLogCsvLine,
  type AccessLogEntry,
  type AccessLogQuery,
  type ChildDataReading,
} from './child-data/access-log.js';
