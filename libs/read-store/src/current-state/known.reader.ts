import type { DataSource } from 'typeorm';

/** What the read models can be asked whether they know. */
export type KnownKind = 'action' | 'recommendation' | 'source';

const TABLES: Record<KnownKind, { table: string; column: string }> = {
  action: { table: 'rm_actions', column: 'action_id' },
  recommendation: { table: 'rm_recommendations', column: 'recommendation_id' },
  source: { table: 'rm_sources', column: 'source_id' },
};

/** Whether the read models hold an action, recommendation or source with this id. */
export async function isKnown(db: DataSource, kind: KnownKind, id: string): Promise<boolean> {
  const { table, column } = TABLES[kind];
  const rows: unknown[] = await db.query(`SELECT 1 FROM ${table} WHERE ${column} = $1 LIMIT 1`, [id]);
  return rows.length > 0;
}
