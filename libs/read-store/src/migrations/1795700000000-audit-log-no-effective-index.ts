import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * No query reads the audit log by effective time alone: "as it stood" cuts each action's stream
 * (found by stream and revision) at a time, and the evidence timeline orders an action's,
 * recommendation's or source's few rows. The index on effective_at served nothing, while every
 * event written paid for it and every rebuild built it (0.5 s of 1,000,000 events).
 */
export class AuditLogNoEffectiveIndex1795700000000 implements MigrationInterface {
  name = 'AuditLogNoEffectiveIndex1795700000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX rm_audit_log_effective_at_idx');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('CREATE INDEX rm_audit_log_effective_at_idx ON rm_audit_log (effective_at)');
  }
}
