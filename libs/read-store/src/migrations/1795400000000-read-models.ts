import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The read models: every event with the references a reader filters by (audit-log), and the
 * current state of actions, plans, sources and recommendations (current-state). Each projection
 * keeps its checkpoint in rm_checkpoints, written in the same transaction as its rows.
 */
export class ReadModels1795400000000 implements MigrationInterface {
  name = 'ReadModels1795400000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE rm_checkpoints (
        projection text        PRIMARY KEY,
        position   bigint      NOT NULL,
        updated_at timestamptz NOT NULL
      )`);
    await queryRunner.query(`
      CREATE TABLE rm_audit_log (
        position          bigint      PRIMARY KEY,
        event_id          uuid        NOT NULL,
        stream_id         text        NOT NULL,
        revision          integer     NOT NULL,
        type              text        NOT NULL,
        schema_version    integer     NOT NULL,
        data              jsonb       NOT NULL,
        actor_id          text        NOT NULL,
        actor_name        text        NOT NULL,
        actor_role        text        NOT NULL,
        recorded_at       timestamptz NOT NULL,
        effective_at      timestamptz NOT NULL,
        reason            text,
        origin            text        NOT NULL,
        command_id        text,
        correlation_id    text        NOT NULL,
        action_id         text,
        plan_id           text,
        source_id         text,
        recommendation_id text
      )`);
    for (const column of [
      'stream_id, revision',
      'actor_id',
      'type',
      'recorded_at',
      'effective_at',
      'action_id',
      'plan_id',
      'source_id',
      'recommendation_id',
    ]) {
      await queryRunner.query(`CREATE INDEX ON rm_audit_log (${column})`);
    }
    // Which action, plan, source and recommendation a stream's events belong to.
    await queryRunner.query(`
      CREATE TABLE rm_audit_streams (
        stream_id         text PRIMARY KEY,
        action_id         text,
        plan_id           text,
        source_id         text,
        recommendation_id text
      )`);
    await queryRunner.query(`
      CREATE TABLE rm_actions (
        action_id              text        PRIMARY KEY,
        plan_ids               text[]      NOT NULL,
        current_plan_id        text        NOT NULL,
        source_id              text        NOT NULL,
        recommendation_id      text,
        ref                    text,
        description            text        NOT NULL,
        owner                  text,
        dlt_lead               text,
        start                  jsonb,
        original_due           jsonb,
        current_due            jsonb,
        current_due_date       date,
        status                 text,
        completed              boolean     NOT NULL,
        retained_for_oversight boolean     NOT NULL,
        withdrawn              boolean     NOT NULL,
        comment_count          integer     NOT NULL,
        evidence_count         integer     NOT NULL,
        last_comment           text,
        last_comment_at        timestamptz,
        created_at             timestamptz NOT NULL,
        last_moved_at          timestamptz NOT NULL,
        revision               integer     NOT NULL,
        state                  jsonb       NOT NULL
      )`);
    await queryRunner.query('CREATE INDEX ON rm_actions USING gin (plan_ids)');
    for (const column of ['current_plan_id', 'source_id', 'recommendation_id', 'status']) {
      await queryRunner.query(`CREATE INDEX ON rm_actions (${column})`);
    }
    await queryRunner.query(`
      CREATE TABLE rm_plans (
        plan_id          text        PRIMARY KEY,
        title            text        NOT NULL,
        period_start     date        NOT NULL,
        period_end       date        NOT NULL,
        owner            text,
        board            text,
        review_frequency text,
        opened_at        timestamptz NOT NULL
      )`);
    await queryRunner.query(`
      CREATE TABLE rm_sources (
        source_id   text        PRIMARY KEY,
        kind        text        NOT NULL,
        title       text        NOT NULL,
        date        date,
        recorded_at timestamptz NOT NULL
      )`);
    await queryRunner.query(`
      CREATE TABLE rm_recommendations (
        recommendation_id text        PRIMARY KEY,
        source_id         text        NOT NULL,
        reference         text,
        text              text        NOT NULL,
        level             text        NOT NULL,
        recorded_at       timestamptz NOT NULL
      )`);
    await queryRunner.query('CREATE INDEX ON rm_recommendations (source_id)');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of [
      'rm_recommendations',
      'rm_sources',
      'rm_plans',
      'rm_actions',
      'rm_audit_streams',
      'rm_audit_log',
      'rm_checkpoints',
    ]) {
      await queryRunner.query(`DROP TABLE ${table}`);
    }
  }
}
