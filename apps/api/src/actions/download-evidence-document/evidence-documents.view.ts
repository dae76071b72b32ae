import { EVIDENCE_DOCUMENT_TYPES, type EvidenceAttached } from '#domain';
import type { AuditEntry } from '#read-store';
import { dayWords } from '../../web/event-descriptions.js';

/** Bytes as a person reads them: 48 KB, 3.2 MB. */
export function sizeWords(bytes: number): string {
  if (bytes < 1024) return `${bytes} bytes`;
  if (bytes < 1024 * 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

/** The action page's list of the documents its evidence keeps, each with its download link. */
export function evidenceDocumentsView(actionId: string, history: AuditEntry[]) {
  return history
    .filter((entry) => entry.type === 'EvidenceAttached')
    .map((entry) => entry.data as EvidenceAttached['data'])
    .filter((data) => data.document)
    .map((data) => ({
      title: data.title,
      fileName: data.document!.fileName,
      href: `/actions/${actionId}/evidence/${data.evidenceId}/document`,
      kind: EVIDENCE_DOCUMENT_TYPES[data.document!.mediaType] ?? data.document!.mediaType,
      size: sizeWords(data.document!.size),
      dated: dayWords(data.date),
      sha256: data.document!.sha256,
    }));
}
