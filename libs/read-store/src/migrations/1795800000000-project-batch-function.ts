import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * oversight_project_batch: a live projector's batch in one statement, so one round trip instead of
 * the eight of a transaction (begin, lock, reads, writes, checkpoints, commit). Every statement
 * is a system call and a wake of the server, the service's largest cost under load.
 *
 * It locks the checkpoints first, in name order, as every other writer of the read models does
 * (applyBatch, the rebuild's swap), then checks each is still where the projector last left it:
 * only then are the rows it read or kept from its last batch still what the tables hold. If one
 * moved (another projector, a rebuild swapped in further on) or is missing, it writes nothing and
 * answers false, and the projector applies the batch the slow way. Otherwise it moves the
 * checkpoints and runs the writes, each an INSERT taking its rows as $1 (the n-th element of
 * row_sets, a jsonb array of row arrays); all of it commits or none, being one statement.
 */
export class ProjectBatchFunction1795800000000 implements MigrationInterface {
  name = 'ProjectBatchFunction1795800000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE FUNCTION oversight_project_batch(projections text[], expected bigint[], reached bigint[], statements text[], row_sets jsonb)
      RETURNS boolean LANGUAGE plpgsql AS $$
      DECLARE
        matching integer;
      BEGIN
        SELECT count(*) INTO matching
          FROM (SELECT c.projection, c.position FROM rm_checkpoints c WHERE c.projection = ANY(projections) ORDER BY c.projection FOR UPDATE) AS locked
          JOIN unnest(projections, expected) AS v(projection, position) USING (projection, position);
        IF matching <> cardinality(projections) THEN
          RETURN false;
        END IF;
        UPDATE rm_checkpoints AS c SET position = v.position, updated_at = now()
          FROM unnest(projections, reached) AS v(projection, position)
         WHERE c.projection = v.projection AND c.position <> v.position;
        FOR n IN 1 .. coalesce(cardinality(statements), 0) LOOP
          EXECUTE statements[n] USING row_sets -> (n - 1);
        END LOOP;
        RETURN true;
      END $$`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP FUNCTION oversight_project_batch(text[], bigint[], bigint[], text[], jsonb)');
  }
}
