import type { Pool } from 'pg';
import type { Migration } from './event-store.migrations.js';

/** The advisory lock every migration of the database takes (the read store's too), so processes starting together take turns. */
export const MIGRATION_LOCK_KEY = 7_301_968;

/**
 * Applies the migrations not yet applied, each in its own transaction, under an advisory lock so
 * that two processes starting together do not both apply one.
 */
export async function runMigrations(pool: Pool, table: string, migrations: Migration[]): Promise<string[]> {
  const client = await pool.connect();
  const applied: string[] = [];
  try {
    await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    try {
      // Created only when missing: a service role that may not create tables (the owner migrated) still opens.
      const exists = (await client.query<{ found: string | null }>('SELECT to_regclass($1)::text AS found', [table]))
        .rows[0]?.found;
      if (!exists)
        await client.query(
          `CREATE TABLE ${table} (name text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())`,
        );
      const done = new Set(
        (await client.query<{ name: string }>(`SELECT name FROM ${table}`)).rows.map((row) => row.name),
      );
      for (const migration of migrations) {
        if (done.has(migration.name)) continue;
        await client.query('BEGIN');
        try {
          await client.query(migration.sql);
          await client.query(`INSERT INTO ${table} (name) VALUES ($1)`, [migration.name]);
          await client.query('COMMIT');
        } catch (error) {
          await client.query('ROLLBACK');
          throw new Error(`Migration ${migration.name} failed: ${(error as Error).message}`, { cause: error });
        }
        applied.push(migration.name);
      }
    } finally {
      await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]);
    }
  } finally {
    client.release();
  }
  return applied;
}
