import type { DataSource } from 'typeorm';
import { cutSql, type AsItStood } from '../current-state/as-it-stood.js';

/**
 * Which recommendations are one with this one at the moment given (now without one): the link
 * events of the audit log inside the cut, folded, so a view of a day before a link shows the two
 * apart. The walk goes from link to link to the one that has joined none (one that others joined
 * may join another); the domain refuses a survivor that has joined another, so no loop forms, but
 * the walk stops at one all the same, should two links made at the same moment ever cross.
 */
export async function linkedGroup(
  db: DataSource,
  recommendationId: string,
  when: AsItStood = {},
): Promise<{ survivorId: string; members: string[]; linkedTo: string | null }> {
  const params: unknown[] = [];
  const bind = (value: unknown) => `$${params.push(value)}`;
  const rows: { type: string; data: { recommendationId: string; survivorId: string } }[] = await db.query(
    `SELECT type, data FROM rm_audit_log
      WHERE type IN ('RecommendationsLinked', 'RecommendationsUnlinked') AND ${cutSql(when, bind)}
      ORDER BY position`,
    params,
  );
  const joined = new Map<string, string>();
  for (const { type, data } of rows) {
    if (type === 'RecommendationsLinked') joined.set(data.recommendationId, data.survivorId);
    else joined.delete(data.recommendationId);
  }
  const rootOf = (id: string): string => {
    const seen = new Set<string>();
    let at = id;
    while (joined.has(at) && !seen.has(at)) {
      seen.add(at);
      at = joined.get(at)!;
    }
    return at;
  };
  const survivorId = rootOf(recommendationId);
  const members = [survivorId, ...[...joined.keys()].filter((id) => id !== survivorId && rootOf(id) === survivorId)];
  return { survivorId, members, linkedTo: joined.get(recommendationId) ?? null };
}
