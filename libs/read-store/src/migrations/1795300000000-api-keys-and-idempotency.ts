import type { MigrationInterface, QueryRunner } from 'typeorm';

export class ApiKeysAndIdempotency1795300000000 implements MigrationInterface {
  name = 'ApiKeysAndIdempotency1795300000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE oversight_api_keys (
        id            text        PRIMARY KEY,
        name          text        NOT NULL,
        role          text        NOT NULL CHECK (role IN ('manager', 'auditor', 'inspector', 'admin')),
        secret_sha256 text        NOT NULL UNIQUE,
        created_at    timestamptz NOT NULL,
        revoked_at    timestamptz
      )`);
    await queryRunner.query(`
      CREATE TABLE oversight_idempotency_records (
        actor_id    text        NOT NULL,
        key         text        NOT NULL,
        fingerprint text        NOT NULL,
        status      integer     NOT NULL,
        body        jsonb       NOT NULL,
        headers     jsonb       NOT NULL,
        created_at  timestamptz NOT NULL,
        PRIMARY KEY (actor_id, key)
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE oversight_idempotency_records');
    await queryRunner.query('DROP TABLE oversight_api_keys');
  }
}
