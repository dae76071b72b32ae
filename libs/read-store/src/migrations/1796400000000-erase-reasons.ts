import type { MigrationInterface, QueryRunner } from 'typeorm';
import { ErasePersonalData1796100000000 } from './1796100000000-erase-personal-data.js';

/**
 * oversight_erase, again, now that reasons are sealed in the events (issue 21): a comment's or an
 * evidence item's reason is sealed under that record's key, so erasing the record removes it from
 * the audit log's row too; and a new kind, `reasons`, erases a stream's other reasons (sealed
 * under the stream's reasons key, which it destroys: the subject is the stream, not the id).
 * Imports' reasons and origins are under an import's key, which no redaction reaches yet.
 */
export class EraseReasons1796400000000 implements MigrationInterface {
  name = 'EraseReasons1796400000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE OR REPLACE FUNCTION oversight_erase(p_stream_id text, p_kind text, p_id text, p_replacement text,
        p_at timestamptz, p_by text, p_reason text)
      RETURNS void LANGUAGE plpgsql AS $$
      DECLARE
        plains text[];
        v_action_id text := CASE WHEN p_stream_id LIKE 'action-%' THEN substr(p_stream_id, 8) END;
        source_stream text;
        positions bigint[];
        -- A stream's reasons are keyed by the stream; every other record by its own id.
        v_subject_id text := CASE WHEN p_kind = 'reasons' THEN p_stream_id ELSE p_id END;
      BEGIN
        SELECT 'source-' || source_id INTO source_stream FROM rm_recommendations WHERE recommendation_id = p_id;
        SELECT coalesce(array_agg(a.position), '{}') INTO positions FROM rm_audit_log a
           WHERE (p_kind = 'comment' AND a.stream_id = p_stream_id AND a.type = 'CommentAdded' AND a.data ->> 'commentId' = p_id)
              OR (p_kind = 'evidence' AND a.stream_id = p_stream_id AND a.type = 'EvidenceAttached' AND a.data ->> 'evidenceId' = p_id)
              OR (p_kind = 'action' AND a.stream_id = p_stream_id AND a.type IN ('ActionCreated', 'ActionAmended'))
              OR (p_kind = 'recommendation' AND a.stream_id = 'recommendation-' || p_id
                  AND a.type IN ('RecommendationRecorded', 'RecommendationRestated'))
              OR (p_kind = 'recommendation' AND a.stream_id = source_stream AND a.type = 'RecommendationFiled'
                  AND a.data ->> 'recommendationId' = p_id)
              -- A stream's reasons: those sealed under its reasons key, not a comment's, an evidence
              -- item's or an import's (personal-fields.ts, metadataSubjects).
              OR (p_kind = 'reasons' AND a.stream_id = p_stream_id AND a.reason IS NOT NULL
                  AND a.type NOT IN ('CommentAdded', 'EvidenceAttached') AND a.origin NOT LIKE 'import:%');
        SELECT coalesce(array_agg(DISTINCT v), '{}') INTO plains FROM (
          SELECT CASE p_kind
                   -- A comment's or evidence item's reason is sealed under its key (an import's under
                   -- the import's): it goes with it.
                   WHEN 'comment' THEN ARRAY[a.data ->> 'text', CASE WHEN a.origin NOT LIKE 'import:%' THEN a.reason END]
                   WHEN 'reasons' THEN ARRAY[a.reason]
                   WHEN 'recommendation' THEN ARRAY[a.data ->> 'text']
                   WHEN 'evidence' THEN ARRAY[a.data ->> 'title', a.data #>> '{location,url}',
                     a.data #>> '{location,reference}', a.data #>> '{document,fileName}',
                     CASE WHEN a.origin NOT LIKE 'import:%' THEN a.reason END]
                   ELSE ARRAY[a.data ->> 'description', a.data ->> 'successMeasure', a.data ->> 'experienceOfChildren']
                     || ARRAY(SELECT c ->> side FROM jsonb_array_elements(coalesce(a.data -> 'changes', '[]')) c,
                                unnest(ARRAY['from', 'to']) side
                               WHERE c ->> 'field' IN ('description', 'successMeasure', 'experienceOfChildren'))
                 END AS found
            FROM rm_audit_log a WHERE a.position = ANY(positions)
        ) AS words, unnest(words.found) AS v
        WHERE v IS NOT NULL AND v <> '' AND v <> p_replacement;

        IF cardinality(plains) > 0 THEN
          UPDATE rm_audit_log SET data = oversight_replace_strings(data, plains, p_replacement),
                 reason = CASE WHEN p_kind IN ('comment', 'evidence', 'reasons') AND reason = ANY(plains)
                               THEN p_replacement ELSE reason END
            WHERE position = ANY(positions);
          IF v_action_id IS NOT NULL THEN
            UPDATE rm_actions SET
                description = CASE WHEN description = ANY(plains) THEN p_replacement ELSE description END,
                last_comment = CASE WHEN last_comment = ANY(plains) THEN p_replacement ELSE last_comment END,
                state = oversight_replace_strings(state, plains, p_replacement)
              WHERE action_id = v_action_id;
            UPDATE rm_action_snapshots SET row = oversight_replace_strings(row, plains, p_replacement)
              WHERE action_id = v_action_id;
          END IF;
          IF p_kind = 'recommendation' THEN
            UPDATE rm_recommendations SET text = p_replacement WHERE recommendation_id = p_id AND text = ANY(plains);
          END IF;
          UPDATE oversight_idempotency_records SET body = oversight_replace_strings(body, plains, p_replacement)
            WHERE EXISTS (SELECT 1 FROM unnest(plains) p WHERE strpos(body::text, to_jsonb(p)::text) > 0);
        END IF;

        -- The key: destroyed here too, so that a Redacted appended by a process that stopped before
        -- destroying it is finished by whichever projects it.
        IF to_regclass('oversight_data_keys') IS NOT NULL THEN
          UPDATE oversight_data_keys
             SET wrapped_key = NULL, destroyed_at = p_at, destroyed_by = coalesce(p_by, 'unknown'),
                 reason = coalesce(p_reason, 'unknown'), replacement = p_replacement
           WHERE subject_kind = p_kind AND subject_id = v_subject_id AND wrapped_key IS NOT NULL;
          -- A record with no key (stored before sealing began) gets a tombstone all the same.
          INSERT INTO oversight_data_keys (key_id, subject_kind, subject_id, destroyed_at, destroyed_by, reason, replacement)
          SELECT gen_random_uuid(), p_kind, v_subject_id, p_at, coalesce(p_by, 'unknown'), coalesce(p_reason, 'unknown'),
                 p_replacement
           WHERE NOT EXISTS (SELECT 1 FROM oversight_data_keys WHERE subject_kind = p_kind AND subject_id = v_subject_id);
        END IF;
      END $$`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    // The function as its first migration made it.
    const first = new ErasePersonalData1796100000000();
    await first.down(queryRunner);
    await first.up(queryRunner);
  }
}
