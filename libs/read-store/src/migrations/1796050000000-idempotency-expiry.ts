import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Idempotency records are purged by age: an index on when each was made keeps the purge from reading the table. */
export class IdempotencyExpiry1796050000000 implements MigrationInterface {
  name = 'IdempotencyExpiry1796050000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'CREATE INDEX oversight_idempotency_records_created_at ON oversight_idempotency_records (created_at)',
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX oversight_idempotency_records_created_at');
  }
}
