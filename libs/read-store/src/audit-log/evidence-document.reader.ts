import type { DataSource } from 'typeorm';
import type { EvidenceDocument } from '#domain';

export interface EvidenceDocumentView {
  actionId: string;
  evidenceId: string;
  title: string;
  document: EvidenceDocument;
}

/** The document an action's evidence keeps, as its EvidenceAttached event recorded it; null when it keeps none. */
export async function evidenceDocument(
  db: DataSource,
  actionId: string,
  evidenceId: string,
): Promise<EvidenceDocumentView | null> {
  const rows = (await db.query(
    `SELECT data FROM rm_audit_log
      WHERE action_id = $1 AND type = 'EvidenceAttached' AND data->>'evidenceId' = $2 AND data ? 'document'
      ORDER BY position LIMIT 1`,
    [actionId, evidenceId],
  )) as { data: { title: string; document: EvidenceDocument } }[];
  const data = rows[0]?.data;
  return data ? { actionId, evidenceId, title: data.title, document: data.document } : null;
}
