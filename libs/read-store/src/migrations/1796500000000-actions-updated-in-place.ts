import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 19: a status change rewrote its action's row and every index of rm_actions with it (six,
 * a GIN among them; none of 4,886 updates under load was HOT), because `status` was indexed and
 * the table's pages were full. No reader finds actions by status alone: every one counts or
 * filters them within a plan, a source or a recommendation, found by their own indexes. Without
 * that index, and with room left on each page, a change that moves no plan, source or
 * recommendation is made on the page in place (HOT: measured 9,960 of 10,085) and no index is
 * touched: a quarter fewer buffers per status change (bench/README.md, the round of 2026-12-05).
 * The rebuild makes its tables with the live ones' storage parameters.
 */
export class ActionsUpdatedInPlace1796500000000 implements MigrationInterface {
  name = 'ActionsUpdatedInPlace1796500000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX IF EXISTS rm_actions_status_idx');
    await queryRunner.query('ALTER TABLE rm_actions SET (fillfactor = 70)');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE rm_actions RESET (fillfactor)');
    await queryRunner.query('CREATE INDEX rm_actions_status_idx ON rm_actions (status)');
  }
}
