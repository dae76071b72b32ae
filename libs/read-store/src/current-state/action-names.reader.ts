import type { DataSource } from 'typeorm';

/** What names an action to a person: its ref in the plan and what it does. */
export interface ActionName {
  id: string;
  ref: string | null;
  description: string;
}

/** The ref and description of each of these actions as they stand now; an id not known is left out. */
export async function actionNames(db: DataSource, actionIds: string[]): Promise<ActionName[]> {
  if (actionIds.length === 0) return [];
  const rows: { action_id: string; ref: string | null; description: string }[] = await db.query(
    'SELECT action_id, ref, description FROM rm_actions WHERE action_id = ANY($1)',
    [actionIds],
  );
  return rows.map((row) => ({ id: row.action_id, ref: row.ref, description: row.description }));
}
