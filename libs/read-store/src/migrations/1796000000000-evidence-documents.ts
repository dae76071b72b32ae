import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Evidence documents, kept by the SHA-256 of their bytes: a row per document, its bytes in
 * chunks of 256 KB. Written once and never changed, as the events are: triggers refuse UPDATE,
 * DELETE and TRUNCATE (a function of its own, since on EventStoreDB this database holds no events).
 * A chunk names its content by a number drawn before the hash is known; the document row that
 * gives the number its hash is written last, and the foreign key is checked at commit.
 */
export class EvidenceDocuments1796000000000 implements MigrationInterface {
  name = 'EvidenceDocuments1796000000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE oversight_documents (
        sha256      char(64)    PRIMARY KEY CHECK (sha256 ~ '^[0-9a-f]{64}$'),
        content_id  bigint      NOT NULL UNIQUE,
        size        bigint      NOT NULL CHECK (size > 0),
        media_type  text        NOT NULL,
        chunks      integer     NOT NULL CHECK (chunks > 0),
        stored_at   timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query('CREATE SEQUENCE oversight_document_content_ids');
    await queryRunner.query(`
      CREATE TABLE oversight_document_chunks (
        content_id  bigint  NOT NULL REFERENCES oversight_documents (content_id) DEFERRABLE INITIALLY DEFERRED,
        seq         integer NOT NULL CHECK (seq >= 0),
        bytes       bytea   NOT NULL,
        PRIMARY KEY (content_id, seq)
      )`);
    await queryRunner.query(`
      CREATE FUNCTION oversight_documents_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $fn$
      BEGIN
        RAISE EXCEPTION '% is written once: % refused', TG_TABLE_NAME, TG_OP USING ERRCODE = 'OV002';
      END $fn$`);
    for (const table of ['oversight_documents', 'oversight_document_chunks']) {
      await queryRunner.query(`
        CREATE TRIGGER ${table}_written_once BEFORE UPDATE OR DELETE ON ${table}
          FOR EACH ROW EXECUTE FUNCTION oversight_documents_refuse_change()`);
      await queryRunner.query(`
        CREATE TRIGGER ${table}_no_truncate BEFORE TRUNCATE ON ${table}
          FOR EACH STATEMENT EXECUTE FUNCTION oversight_documents_refuse_change()`);
    }
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE oversight_document_chunks');
    await queryRunner.query('DROP TABLE oversight_documents');
    await queryRunner.query('DROP SEQUENCE oversight_document_content_ids');
    await queryRunner.query('DROP FUNCTION oversight_documents_refuse_change()');
  }
}
