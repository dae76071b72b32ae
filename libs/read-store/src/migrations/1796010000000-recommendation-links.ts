import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Which recommendation each linked one has joined, as it stands (current-state): the
 * accountability counts follow it. The history and the views "as it stood" fold the link events
 * of the audit log instead, so a view of a day before a link shows the two apart.
 */
export class RecommendationLinks1796010000000 implements MigrationInterface {
  name = 'RecommendationLinks1796010000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE rm_recommendation_links (
        recommendation_id text   PRIMARY KEY,
        survivor_id       text,
        position          bigint NOT NULL
      )`);
    await queryRunner.query('CREATE INDEX ON rm_recommendation_links (survivor_id)');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE rm_recommendation_links');
  }
}
