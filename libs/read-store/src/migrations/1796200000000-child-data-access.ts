import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 21: child-level records' words are for keys allowed to see them (`child_data`; admins
 * always), and every read of them is logged. The access log is written once: triggers refuse
 * UPDATE, DELETE and TRUNCATE, as on the evidence documents, so the service can only add and read.
 */
export class ChildDataAccess1796200000000 implements MigrationInterface {
  name = 'ChildDataAccess1796200000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE oversight_api_keys ADD COLUMN child_data boolean NOT NULL DEFAULT false');
    await queryRunner.query(`
      CREATE TABLE oversight_access_log (
        id         bigserial   PRIMARY KEY,
        read_at    timestamptz NOT NULL DEFAULT now(),
        actor_id   text        NOT NULL,
        actor_name text        NOT NULL,
        actor_role text        NOT NULL,
        endpoint   text        NOT NULL,
        request_id text        NOT NULL,
        records    jsonb       NOT NULL
      )`);
    await queryRunner.query('CREATE INDEX ON oversight_access_log (read_at)');
    await queryRunner.query('CREATE INDEX ON oversight_access_log (actor_id)');
    await queryRunner.query(`
      CREATE FUNCTION oversight_access_log_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $fn$
      BEGIN
        RAISE EXCEPTION '% is written once: % refused', TG_TABLE_NAME, TG_OP USING ERRCODE = 'OV002';
      END $fn$`);
    await queryRunner.query(`
      CREATE TRIGGER oversight_access_log_written_once BEFORE UPDATE OR DELETE ON oversight_access_log
        FOR EACH ROW EXECUTE FUNCTION oversight_access_log_refuse_change()`);
    await queryRunner.query(`
      CREATE TRIGGER oversight_access_log_no_truncate BEFORE TRUNCATE ON oversight_access_log
        FOR EACH STATEMENT EXECUTE FUNCTION oversight_access_log_refuse_change()`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE oversight_access_log');
    await queryRunner.query('DROP FUNCTION oversight_access_log_refuse_change()');
    await queryRunner.query('ALTER TABLE oversight_api_keys DROP COLUMN child_data');
  }
}
