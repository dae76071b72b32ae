import type { DataSource } from 'typeorm';

/** How many of a source's actions (withdrawn ones left out) stand at each BRAG status; `unrated` when none is given. */
export interface BragCounts {
  blue: number;
  red: number;
  amber: number;
  green: number;
  unrated: number;
}

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
  /** Its actions by BRAG status, withdrawn ones left out (as the plans count them). */
  brag: BragCounts;
  /** The plans its actions (withdrawn ones left out) are in now, newest period first. */
  plans: { id: string; title: string; periodStart: string }[];
}

/**
 * Accountability to each source: what was done about what it asked, grouped by kind of source
 * ("we can be accountable to those who have taken the time to share their experiences").
 * `kinds` narrows it to sources of those kinds. One query, one pass over the sources' actions.
 */
export async function accountability(
  db: DataSource,
  today: string,
  kinds?: readonly string[],
): Promise<{ kind: string; sources: SourceAccountability[] }[]> {
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
    blue: number;
    red: number;
    amber: number;
    green: number;
    unrated: number;
    plans: { id: string; title: string; periodStart: string }[] | string | null;
  }[] = await db.query(
    `SELECT s.source_id, s.kind, s.title, s.date,
            (SELECT count(*)::int FROM rm_recommendations r WHERE r.source_id = s.source_id
                AND NOT EXISTS (SELECT 1 FROM rm_recommendation_links l
                                 WHERE l.recommendation_id = r.recommendation_id AND l.survivor_id IS NOT NULL)) AS recommendations,
            count(a.action_id)::int AS actions,
            count(*) FILTER (WHERE a.completed)::int AS complete,
            count(*) FILTER (WHERE a.status = 'red' AND NOT a.withdrawn)::int AS stuck,
            count(*) FILTER (WHERE a.current_due_date < $1::date AND NOT a.completed AND NOT a.withdrawn)::int AS overdue,
            count(*) FILTER (WHERE a.withdrawn)::int AS withdrawn,
            max(a.last_moved_at) AS last_moved_at,
            count(*) FILTER (WHERE a.status = 'blue' AND NOT a.withdrawn)::int AS blue,
            count(*) FILTER (WHERE a.status = 'red' AND NOT a.withdrawn)::int AS red,
            count(*) FILTER (WHERE a.status = 'amber' AND NOT a.withdrawn)::int AS amber,
            count(*) FILTER (WHERE a.status = 'green' AND NOT a.withdrawn)::int AS green,
            count(*) FILTER (WHERE a.action_id IS NOT NULL AND a.status IS NULL AND NOT a.withdrawn)::int AS unrated,
            jsonb_agg(DISTINCT jsonb_build_object('id', p.plan_id, 'title', p.title, 'periodStart', to_char(p.period_start, 'YYYY-MM-DD')))
              FILTER (WHERE p.plan_id IS NOT NULL AND NOT a.withdrawn) AS plans
       FROM rm_sources s
       -- An action on a recommendation linked to another counts for the source of the one it joined.
       -- (followed link to link to the one that joined none; at most 20, should two links ever cross).
       LEFT JOIN (WITH RECURSIVE joined(recommendation_id, survivor_id, depth) AS (
                    SELECT recommendation_id, survivor_id, 1 FROM rm_recommendation_links WHERE survivor_id IS NOT NULL
                    UNION ALL
                    SELECT j.recommendation_id, l.survivor_id, j.depth + 1
                      FROM joined j JOIN rm_recommendation_links l ON l.recommendation_id = j.survivor_id AND l.survivor_id IS NOT NULL
                     WHERE j.depth < 20
                  ), survivors AS (
                    SELECT DISTINCT ON (recommendation_id) recommendation_id, survivor_id
                      FROM joined ORDER BY recommendation_id, depth DESC
                  )
                  SELECT a.*, COALESCE(sr.source_id, a.source_id) AS counted_source_id
                    FROM rm_actions a
                    LEFT JOIN survivors v ON v.recommendation_id = a.recommendation_id
                    LEFT JOIN rm_recommendations sr ON sr.recommendation_id = v.survivor_id) a
         ON a.counted_source_id = s.source_id
       LEFT JOIN rm_plans p ON p.plan_id = a.current_plan_id
      WHERE ($2::text[] IS NULL OR s.kind = ANY($2::text[]))
      GROUP BY s.source_id
      ORDER BY s.kind, s.date NULLS LAST, s.title`,
    [today, kinds ? [...kinds] : null],
  );
  const groups = new Map<string, SourceAccountability[]>();
  for (const row of rows) {
    const list = groups.get(row.kind) ?? [];
    const plans = (
      typeof row.plans === 'string' ? JSON.parse(row.plans) : (row.plans ?? [])
    ) as SourceAccountability['plans'];
    list.push({
      source: { id: row.source_id, kind: row.kind, title: row.title, date: row.date },
      recommendations: row.recommendations,
      actions: row.actions,
      complete: row.complete,
      stuck: row.stuck,
      overdue: row.overdue,
      withdrawn: row.withdrawn,
      lastMovedAt: row.last_moved_at?.toISOString() ?? null,
      brag: { blue: row.blue, red: row.red, amber: row.amber, green: row.green, unrated: row.unrated },
      plans: plans.sort((a, b) => b.periodStart.localeCompare(a.periodStart) || a.title.localeCompare(b.title)),
    });
    groups.set(row.kind, list);
  }
  return [...groups].map(([groupKind, sources]) => ({ kind: groupKind, sources }));
}
