import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Every change to an API key notifies the services that keep checked keys (channel
 * oversight_api_keys, the key's id), in the transaction that makes it: so a key revoked or
 * deleted by hand in SQL is dropped from their memory as one revoked by `oversight keys revoke`
 * is. A TRUNCATE notifies with no id, and they drop everything.
 */
export class ApiKeysNotify1796060000000 implements MigrationInterface {
  name = 'ApiKeysNotify1796060000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE FUNCTION oversight_api_keys_changed() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'TRUNCATE' THEN
          PERFORM pg_notify('oversight_api_keys', '');
        ELSE
          PERFORM pg_notify('oversight_api_keys', OLD.id);
        END IF;
        RETURN NULL;
      END $$`);
    await queryRunner.query(`
      CREATE TRIGGER oversight_api_keys_changed AFTER UPDATE OR DELETE ON oversight_api_keys
      FOR EACH ROW EXECUTE FUNCTION oversight_api_keys_changed()`);
    await queryRunner.query(`
      CREATE TRIGGER oversight_api_keys_truncated AFTER TRUNCATE ON oversight_api_keys
      FOR EACH STATEMENT EXECUTE FUNCTION oversight_api_keys_changed()`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TRIGGER oversight_api_keys_truncated ON oversight_api_keys');
    await queryRunner.query('DROP TRIGGER oversight_api_keys_changed ON oversight_api_keys');
    await queryRunner.query('DROP FUNCTION oversight_api_keys_changed()');
  }
}
