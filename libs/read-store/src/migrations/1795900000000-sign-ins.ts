import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Every attempt to sign in to the web interface, kept for admins: who, when, from where, and whether it worked. */
export class SignIns1795900000000 implements MigrationInterface {
  name = 'SignIns1795900000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE web_sign_ins (
        id          bigserial   PRIMARY KEY,
        at          timestamptz NOT NULL DEFAULT now(),
        outcome     text        NOT NULL CHECK (outcome IN ('signed-in', 'refused', 'signed-out')),
        key_id      text,
        holder      text,
        role        text,
        address     text        NOT NULL,
        user_agent  text
      )`);
    await queryRunner.query('CREATE INDEX web_sign_ins_at_idx ON web_sign_ins (at DESC)');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE web_sign_ins');
  }
}
