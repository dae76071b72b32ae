import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The live projector's writes of nearly every batch, as putRowsStatement writes them today: an
 * event's audit-log row, its stream's references, its action's row and, every twentieth event,
 * a snapshot. Frozen here, as a migration must be; a projection that writes differently later
 * still works (below), and projector.int-spec says when one of these no longer matches.
 */
const FREQUENT_WRITES = [
  'INSERT INTO rm_audit_log SELECT * FROM jsonb_populate_recordset(NULL::rm_audit_log, $1::jsonb)',
  'INSERT INTO rm_audit_streams SELECT * FROM jsonb_populate_recordset(NULL::rm_audit_streams, $1::jsonb) ON CONFLICT (stream_id) DO UPDATE SET action_id = EXCLUDED.action_id, plan_id = EXCLUDED.plan_id, source_id = EXCLUDED.source_id, recommendation_id = EXCLUDED.recommendation_id',
  'INSERT INTO rm_actions SELECT * FROM jsonb_populate_recordset(NULL::rm_actions, $1::jsonb) ON CONFLICT (action_id) DO UPDATE SET plan_ids = EXCLUDED.plan_ids, current_plan_id = EXCLUDED.current_plan_id, source_id = EXCLUDED.source_id, recommendation_id = EXCLUDED.recommendation_id, ref = EXCLUDED.ref, description = EXCLUDED.description, owner = EXCLUDED.owner, dlt_lead = EXCLUDED.dlt_lead, start = EXCLUDED.start, original_due = EXCLUDED.original_due, current_due = EXCLUDED.current_due, current_due_date = EXCLUDED.current_due_date, status = EXCLUDED.status, completed = EXCLUDED.completed, retained_for_oversight = EXCLUDED.retained_for_oversight, withdrawn = EXCLUDED.withdrawn, comment_count = EXCLUDED.comment_count, evidence_count = EXCLUDED.evidence_count, last_comment = EXCLUDED.last_comment, last_comment_at = EXCLUDED.last_comment_at, created_at = EXCLUDED.created_at, last_moved_at = EXCLUDED.last_moved_at, revision = EXCLUDED.revision, state = EXCLUDED.state',
  'INSERT INTO rm_action_snapshots SELECT * FROM jsonb_populate_recordset(NULL::rm_action_snapshots, $1::jsonb) ON CONFLICT DO NOTHING',
];

const CHECKPOINTS = `
        SELECT count(*) INTO matching
          FROM (SELECT c.projection, c.position FROM rm_checkpoints c WHERE c.projection = ANY(projections) ORDER BY c.projection FOR UPDATE) AS locked
          JOIN unnest(projections, expected) AS v(projection, position) USING (projection, position);
        IF matching <> cardinality(projections) THEN
          RETURN false;
        END IF;
        UPDATE rm_checkpoints AS c SET position = v.position, updated_at = now()
          FROM unnest(projections, reached) AS v(projection, position)
         WHERE c.projection = v.projection AND c.position <> v.position;`;

const literal = (text: string) => `'${text.replaceAll("'", "''")}'`;

/**
 * Issue 19: oversight_project_batch ran every write with EXECUTE, which parses, analyses and plans
 * the statement on each call; a PL/pgSQL statement written out is planned once a session. Measured
 * with pgbench on one batch of one status change (its audit-log row and its action's upsert,
 * commits asynchronous so as to time the work alone): 0.41 ms a batch with EXECUTE, 0.25 ms with
 * the two written out (bench/README.md, the round of 2026-12-05, night). So each frequent write is
 * written out, chosen by the statement's text being exactly the one the projector sends; any other
 * text (a rarer write, or one a later projection writes differently) runs by EXECUTE as before.
 * Correctness never rests on the copy here: a text that differs is simply not taken for it.
 */
export class ProjectBatchStaticWrites1796600000000 implements MigrationInterface {
  name = 'ProjectBatchStaticWrites1796600000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const branches = FREQUENT_WRITES.map(
      (text) => `IF statements[n] = ${literal(text)} THEN
            ${text.replace('$1::jsonb', 'batch_rows')};`,
    ).join('\n          ELS');
    await queryRunner.query(
      projectBatch(`
      FOR n IN 1 .. coalesce(cardinality(statements), 0) LOOP
          batch_rows := row_sets -> (n - 1);
          ${branches}
          ELSE
            EXECUTE statements[n] USING batch_rows;
          END IF;
        END LOOP;`),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      projectBatch(`
        FOR n IN 1 .. coalesce(cardinality(statements), 0) LOOP
          EXECUTE statements[n] USING row_sets -> (n - 1);
        END LOOP;`),
    );
  }
}

/** oversight_project_batch (see migration 1795800000000) with `writes` after its checkpoints. */
function projectBatch(writes: string): string {
  return `
      CREATE OR REPLACE FUNCTION oversight_project_batch(projections text[], expected bigint[], reached bigint[], statements text[], row_sets jsonb)
      RETURNS boolean LANGUAGE plpgsql AS $$
      DECLARE
        matching integer;
        batch_rows jsonb;
      BEGIN${CHECKPOINTS}
        ${writes}
        RETURN true;
      END $$`;
}
