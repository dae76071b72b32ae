import type { Redacted } from '../redaction/redaction.events.js';
import type { DateOrText, IsoDate } from '../values.js';

/** BRAG: blue = fully completed, red = stuck, amber = more work needed, green = on track. */
export const RAG_STATUSES = ['blue', 'red', 'amber', 'green'] as const;
export type RagStatus = (typeof RAG_STATUSES)[number];

export const EVIDENCE_KINDS = [
  'minutes',
  'training-log',
  'audit-result',
  'case-file',
  'web-page',
  'document',
  'other',
] as const;
export type EvidenceKind = (typeof EVIDENCE_KINDS)[number];
/** Where the evidence is: a link, or a reference to a document held elsewhere. */
export type EvidenceLocation = { kind: 'link'; url: string } | { kind: 'document'; reference: string };

/** The kinds of document an action's evidence may be stored as, by media type, with the names a person knows them by. */
export const EVIDENCE_DOCUMENT_TYPES = {
  'application/pdf': 'PDF',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': 'Word (.docx)',
  'application/msword': 'Word 97-2003 (.doc)',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': 'Excel (.xlsx)',
  'application/vnd.ms-excel': 'Excel 97-2003 (.xls)',
  'image/png': 'PNG image',
  'image/jpeg': 'JPEG image',
} as const;
export type EvidenceDocumentType = keyof typeof EVIDENCE_DOCUMENT_TYPES;
export const EVIDENCE_DOCUMENT_MEDIA_TYPES = Object.keys(EVIDENCE_DOCUMENT_TYPES) as EvidenceDocumentType[];
/** The largest document kept: minutes, logs and reports with pictures fit well within it. */
export const MAX_EVIDENCE_DOCUMENT_BYTES = 25 * 1024 * 1024;

/** A document kept by the service itself, by the SHA-256 of its bytes (its address in the document store). */
export type EvidenceDocument = {
  /** Lower-case hex SHA-256 of the bytes. */
  sha256: string;
  size: number;
  /** As found in the bytes, never as the upload claimed. */
  mediaType: EvidenceDocumentType;
  /** The name it was uploaded under, without folders: the name it is downloaded under. */
  fileName: string;
};

/** The fields ActionAmended may change; owner, due date and status have events of their own. */
export const AMENDABLE_FIELDS = [
  'description',
  'successMeasure',
  'experienceOfChildren',
  'theme',
  'ref',
  'dltLead',
  'start',
] as const;
export type AmendableField = (typeof AMENDABLE_FIELDS)[number];
export type AmendedChange =
  | { field: 'description'; from: string; to: string }
  | { field: 'start'; from: DateOrText | null; to: DateOrText | null }
  | { field: Exclude<AmendableField, 'description' | 'start'>; from: string | null; to: string | null };

export type ActionCreated = {
  type: 'ActionCreated';
  data: {
    actionId: string;
    planId: string;
    sourceId: string;
    /** Null when the action answers a source with no recorded recommendation. */
    recommendationId: string | null;
    /** The workbook's Ref (1.6a, A5.4): not unique across sections, so never an id. */
    ref: string | null;
    description: string;
    owner: string | null;
    dltLead: string | null;
    start: DateOrText | null;
    due: DateOrText | null;
    successMeasure: string | null;
    experienceOfChildren: string | null;
    theme: string | null;
  };
};
export type ActionReassigned = { type: 'ActionReassigned'; data: { from: string | null; to: string } };
export type RagStatusChanged = { type: 'RagStatusChanged'; data: { from: RagStatus | null; to: RagStatus } };
export type CommentAdded = { type: 'CommentAdded'; data: { commentId: string; text: string } };
export type EvidenceAttached = {
  type: 'EvidenceAttached';
  data: {
    evidenceId: string;
    title: string;
    kind: EvidenceKind;
    location: EvidenceLocation;
    /** Lower-case hex SHA-256 of the document, when the caller gave one. */
    sha256: string | null;
    /** The date the evidence is from (the meeting, the audit), not when it was attached. */
    date: IsoDate;
    /**
     * The document itself, when the service keeps it (then `sha256` is its hash). Absent, not
     * null, on evidence held elsewhere, so events recorded before documents were kept hash as they did.
     */
    document?: EvidenceDocument;
  };
};
export type DueDateChanged = { type: 'DueDateChanged'; data: { from: DateOrText | null; to: DateOrText } };
export type ActionAmended = { type: 'ActionAmended'; data: { changes: AmendedChange[] } };
export type RetainedForOversight = { type: 'RetainedForOversight'; data: Record<string, never> };
export type ActionCompleted = { type: 'ActionCompleted'; data: Record<string, never> };
export type ActionReopened = { type: 'ActionReopened'; data: Record<string, never> };
export type ActionCarriedForward = { type: 'ActionCarriedForward'; data: { fromPlanId: string; toPlanId: string } };
export type ActionWithdrawn = { type: 'ActionWithdrawn'; data: Record<string, never> };

/** Why a change was made is not in the data: it travels in the stored envelope's `reason`. */
export type ActionEvent =
  | ActionCreated
  | ActionReassigned
  | RagStatusChanged
  | CommentAdded
  | EvidenceAttached
  | DueDateChanged
  | ActionAmended
  | RetainedForOversight
  | ActionCompleted
  | ActionReopened
  | ActionCarriedForward
  | ActionWithdrawn
  | Redacted;

export const actionStreamId = (actionId: string): string => `action-${actionId}`;
