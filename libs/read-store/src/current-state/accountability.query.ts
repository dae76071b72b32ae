import type { DataSource } from 'typeorm';

export interface SourceAccountability {
  source: { id: string; kind: string; title: string; date: string | null };
  recommendations: number;
  actions: number;
  complete: number;
  stuck: number;
  overdue: number;
  withdrawn: number;
  /** When any of its actions last moved (by effective time); null when it has none. */
  lastMovedAt: string | null;
}

/**
 * Accountability to each source: what was done about what it asked, grouped by kind of source
 * ("we can be accountable to those who have taken the time to share their experiences").
 */
export async function accountability(db: DataSource, today: string, kind?: string): Promise<{ kind: string; sources: SourceAccountability[] }[]> {
  const rows: {
    source_id: string;
    kind: string;
    title: string;
    date: string | null;
    recommendations: number;
    actions: number;
    complete: number;
    stuck: number;
    overdue: number;
    withdrawn: number;
    last_moved_at: Date | null;
  }[] = await db.query(
    `SELECT s.source_id, s.kind, s.title, s.date,
            (SELECT count(*)::int FROM rm_recommendations r WHERE r.source_id = s.source_id) AS recommendations,
            count(a.action_id)::int AS actions,
            count(*) FILTER (WHERE a.completed)::int AS complete,
            count(*) FILTER (WHERE a.status = 'red' AND NOT a.withdrawn)::int AS stuck,
            count(*) FILTER (WHERE a.current_due_date < $1::date AND NOT a.completed AND NOT a.withdrawn)::int AS overdue,
            count(*) FILTER (WHERE a.withdrawn)::int AS withdrawn,
            max(a.last_moved_at) AS last_moved_at
       FROM rm_sources s LEFT JOIN rm_actions a ON a.source_id = s.source_id
      WHERE ($2::text IS NULL OR s.kind = $2)
      GROUP BY s.source_id
      ORDER BY s.kind, s.date NULLS LAST, s.title`,
    [today, kind ?? null],
  );
  const groups = new Map<string, SourceAccountability[]>();
  for (const row of rows) {
    const list = groups.get(row.kind) ?? [];
    list.push({
      source: { id: row.source_id, kind: row.kind, title: row.title, date: row.date },
      recommendations: row.recommendations,
      actions: row.actions,
      complete: row.complete,
      stuck: row.stuck,
      overdue: row.overdue,
      withdrawn: row.withdrawn,
      lastMovedAt: row.last_moved_at?.toISOString() ?? null,
    });
    groups.set(row.kind, list);
  }
  return [...groups].map(([groupKind, sources]) => ({ kind: groupKind, sources }));
}
