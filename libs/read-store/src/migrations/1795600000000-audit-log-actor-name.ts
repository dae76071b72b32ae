import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The audit log's actor filter matches an actor's id or name (`actor_id = $1 OR actor_name = $1`).
 * With only actor_id indexed, PostgreSQL cannot use either index for the OR and walks the whole
 * log in position order: 0.44 s on a log of 1,000,000 events for an actor with none. With both,
 * it ORs the two indexes. A rebuild builds it on the twin like every other index.
 */
export class AuditLogActorName1795600000000 implements MigrationInterface {
  name = 'AuditLogActorName1795600000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('CREATE INDEX rm_audit_log_actor_name_idx ON rm_audit_log (actor_name)');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX rm_audit_log_actor_name_idx');
  }
}
