import type { MigrationInterface, QueryRunner } from 'typeorm';

/** A key may be given until a date: after it, it opens nothing, as if revoked. */
export class ApiKeyExpiry1796070000000 implements MigrationInterface {
  name = 'ApiKeyExpiry1796070000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE oversight_api_keys ADD COLUMN expires_at timestamptz');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE oversight_api_keys DROP COLUMN expires_at');
  }
}
