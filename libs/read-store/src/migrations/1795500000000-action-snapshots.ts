import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Snapshots of action rows by effective time, so a plan as it stood on a date replays only the
 * events after the nearest snapshot rather than each action's whole history. Kept by the
 * current-state projection; a database projected before this migration has none, and answers
 * the same from full replays until `oversight rebuild current-state` fills them.
 */
export class ActionSnapshots1795500000000 implements MigrationInterface {
  name = 'ActionSnapshots1795500000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE rm_action_snapshots (
        action_id        text        NOT NULL,
        effective_at     timestamptz NOT NULL,
        revision         integer     NOT NULL,
        max_recorded_at  timestamptz NOT NULL,
        row              jsonb       NOT NULL,
        PRIMARY KEY (action_id, effective_at)
      )`);
    // What a replay after a snapshot reads: one action's events from an effective time on.
    await queryRunner.query('CREATE INDEX ON rm_audit_log (action_id, effective_at)');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE rm_action_snapshots');
    await queryRunner.query('DROP INDEX rm_audit_log_action_id_effective_at_idx');
  }
}
