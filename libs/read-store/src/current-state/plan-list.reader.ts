import type { DataSource } from 'typeorm';
import type { PlanCounts, PlanHeader } from './plan-state.reader.js';

/** One plan with how its actions stand: what the list of plans shows. */
export interface PlanSummary extends PlanHeader {
  counts: Omit<PlanCounts, 'withdrawn'>;
}

/**
 * Every plan, newest period first, with its actions counted by BRAG status, overdue (judged on
 * `today`) and retained for oversight. Withdrawn actions are not counted; an action carried
 * forward counts in the plan it is in now.
 */
export async function planList(db: DataSource, today: string): Promise<PlanSummary[]> {
  const rows: {
    plan_id: string;
    title: string;
    period_start: string;
    period_end: string;
    owner: string | null;
    board: string | null;
    review_frequency: string | null;
    total: number;
    blue: number;
    red: number;
    amber: number;
    green: number;
    unrated: number;
    overdue: number;
    retained: number;
  }[] = await db.query(
    `SELECT p.plan_id, p.title, to_char(p.period_start, 'YYYY-MM-DD') AS period_start, to_char(p.period_end, 'YYYY-MM-DD') AS period_end,
            p.owner, p.board, p.review_frequency,
            count(a.action_id)::int AS total,
            count(*) FILTER (WHERE a.status = 'blue')::int AS blue,
            count(*) FILTER (WHERE a.status = 'red')::int AS red,
            count(*) FILTER (WHERE a.status = 'amber')::int AS amber,
            count(*) FILTER (WHERE a.status = 'green')::int AS green,
            count(*) FILTER (WHERE a.action_id IS NOT NULL AND a.status IS NULL)::int AS unrated,
            count(*) FILTER (WHERE a.current_due_date < $1::date AND NOT a.completed)::int AS overdue,
            count(*) FILTER (WHERE a.retained_for_oversight)::int AS retained
       FROM rm_plans p
       LEFT JOIN rm_actions a ON a.current_plan_id = p.plan_id AND NOT a.withdrawn
      GROUP BY p.plan_id
      ORDER BY p.period_start DESC, p.title`,
    [today],
  );
  return rows.map((row) => ({
    id: row.plan_id,
    title: row.title,
    periodStart: row.period_start,
    periodEnd: row.period_end,
    owner: row.owner,
    board: row.board,
    reviewFrequency: row.review_frequency,
    counts: {
      total: row.total,
      blue: row.blue,
      red: row.red,
      amber: row.amber,
      green: row.green,
      unrated: row.unrated,
      overdue: row.overdue,
      retainedForOversight: row.retained,
    },
  }));
}
