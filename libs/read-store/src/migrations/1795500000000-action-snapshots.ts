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
        PRIMARY KEY (action_id, revision)
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE rm_action_snapshots');
  }
}
