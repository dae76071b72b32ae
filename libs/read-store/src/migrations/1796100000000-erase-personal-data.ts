import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * oversight_erase: removes a record's words from every read model once a Redacted event is
 * projected, and destroys the record's data key (a tombstone) if that has not been done. The
 * words to remove are found where the audit log keeps them (every event's data, opened), by the
 * record's id, so no key is needed to find them; each is then replaced, as a whole JSON string
 * or a whole column value, in the audit log's rows of the record, the action's current row and
 * its snapshots, the recommendation's row, and every stored idempotent response. A string equal
 * to a removed one elsewhere in those rows (a second comment of the same words, say) goes too.
 * Idempotent: once done, the words found are the replacement itself, and nothing changes.
 */
export class ErasePersonalData1796100000000 implements MigrationInterface {
  name = 'ErasePersonalData1796100000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE FUNCTION oversight_replace_strings(doc jsonb, plains text[], replacement text)
      RETURNS jsonb LANGUAGE plpgsql IMMUTABLE AS $$
      DECLARE
        body text := doc::text;
        plain text;
      BEGIN
        FOREACH plain IN ARRAY plains LOOP
          -- jsonb writes a string the same way wherever it is, so its JSON form is found whole.
          body := replace(body, to_jsonb(plain)::text, to_jsonb(replacement)::text);
        END LOOP;
        RETURN body::jsonb;
      END $$`);
    await queryRunner.query(`
      CREATE FUNCTION oversight_erase(p_stream_id text, p_kind text, p_id text, p_replacement text,
        p_at timestamptz, p_by text, p_reason text)
      RETURNS void LANGUAGE plpgsql AS $$
      DECLARE
        plains text[];
        v_action_id text := CASE WHEN p_stream_id LIKE 'action-%' THEN substr(p_stream_id, 8) END;
        source_stream text;
        positions bigint[];
      BEGIN
        SELECT 'source-' || source_id INTO source_stream FROM rm_recommendations WHERE recommendation_id = p_id;
        SELECT coalesce(array_agg(a.position), '{}') INTO positions FROM rm_audit_log a
           WHERE (p_kind = 'comment' AND a.stream_id = p_stream_id AND a.type = 'CommentAdded' AND a.data ->> 'commentId' = p_id)
              OR (p_kind = 'evidence' AND a.stream_id = p_stream_id AND a.type = 'EvidenceAttached' AND a.data ->> 'evidenceId' = p_id)
              OR (p_kind = 'action' AND a.stream_id = p_stream_id AND a.type IN ('ActionCreated', 'ActionAmended'))
              OR (p_kind = 'recommendation' AND a.stream_id = 'recommendation-' || p_id
                  AND a.type IN ('RecommendationRecorded', 'RecommendationRestated'))
              OR (p_kind = 'recommendation' AND a.stream_id = source_stream AND a.type = 'RecommendationFiled'
                  AND a.data ->> 'recommendationId' = p_id);
        SELECT coalesce(array_agg(DISTINCT v), '{}') INTO plains FROM (
          SELECT CASE p_kind
                   WHEN 'comment' THEN ARRAY[a.data ->> 'text']
                   WHEN 'recommendation' THEN ARRAY[a.data ->> 'text']
                   WHEN 'evidence' THEN ARRAY[a.data ->> 'title', a.data #>> '{location,url}',
                     a.data #>> '{location,reference}', a.data #>> '{document,fileName}']
                   ELSE ARRAY[a.data ->> 'description', a.data ->> 'successMeasure', a.data ->> 'experienceOfChildren']
                     || ARRAY(SELECT c ->> side FROM jsonb_array_elements(coalesce(a.data -> 'changes', '[]')) c,
                                unnest(ARRAY['from', 'to']) side
                               WHERE c ->> 'field' IN ('description', 'successMeasure', 'experienceOfChildren'))
                 END AS found
            FROM rm_audit_log a WHERE a.position = ANY(positions)
        ) AS words, unnest(words.found) AS v
        WHERE v IS NOT NULL AND v <> '' AND v <> p_replacement;

        IF cardinality(plains) > 0 THEN
          UPDATE rm_audit_log SET data = oversight_replace_strings(data, plains, p_replacement)
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
           WHERE subject_kind = p_kind AND subject_id = p_id AND wrapped_key IS NOT NULL;
          -- A record with no key (stored before sealing began) gets a tombstone all the same.
          INSERT INTO oversight_data_keys (key_id, subject_kind, subject_id, destroyed_at, destroyed_by, reason, replacement)
          SELECT gen_random_uuid(), p_kind, p_id, p_at, coalesce(p_by, 'unknown'), coalesce(p_reason, 'unknown'), p_replacement
           WHERE NOT EXISTS (SELECT 1 FROM oversight_data_keys WHERE subject_kind = p_kind AND subject_id = p_id);
        END IF;
      END $$`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP FUNCTION oversight_erase(text, text, text, text, timestamptz, text, text)');
    await queryRunner.query('DROP FUNCTION oversight_replace_strings(jsonb, text[], text)');
  }
}
