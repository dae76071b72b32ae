import type { RecordedEvent } from '#event-store';
import { rowsParam, type Projection, type Sql } from '../projections/projection.js';

interface StreamRefs {
  stream_id: string;
  action_id: string | null;
  plan_id: string | null;
  source_id: string | null;
  recommendation_id: string | null;
}

/** The references a stream's first events establish; later events inherit them. */
function refsAfter(event: RecordedEvent, refs: StreamRefs): StreamRefs {
  const data = event.data as Record<string, string | null>;
  switch (event.type) {
    case 'ActionCreated':
      return { ...refs, action_id: data.actionId!, plan_id: data.planId!, source_id: data.sourceId!, recommendation_id: data.recommendationId ?? null };
    case 'ActionCarriedForward':
      return { ...refs, plan_id: data.toPlanId! };
    case 'SourceRegistered':
      return { ...refs, source_id: data.sourceId! };
    case 'RecommendationRecorded':
      return { ...refs, recommendation_id: data.recommendationId!, source_id: data.sourceId! };
    case 'PlanOpened':
      return { ...refs, plan_id: data.planId! };
    default:
      return refs;
  }
}

/**
 * Every event, with the action, plan, source and recommendation it concerns: the audit log, and
 * the raw material of histories, evidence timelines and plans as they stood on a date.
 */
export const auditLogProjection: Projection = {
  name: 'audit-log',
  tables: ['rm_audit_log', 'rm_audit_streams'],

  async apply(events: RecordedEvent[], sql: Sql, table: (name: string) => string) {
    const streamIds = [...new Set(events.map((event) => event.streamId))];
    const known = await sql<StreamRefs>(`SELECT * FROM ${table('rm_audit_streams')} WHERE stream_id = ANY($1)`, [streamIds]);
    const refs = new Map(known.map((row) => [row.stream_id, row]));
    const changed = new Set<string>();
    const rows = events.map((event) => {
      const before = refs.get(event.streamId) ?? { stream_id: event.streamId, action_id: null, plan_id: null, source_id: null, recommendation_id: null };
      const after = refsAfter(event, before);
      if (after !== before) {
        refs.set(event.streamId, after);
        changed.add(event.streamId);
      }
      const { metadata } = event;
      return {
        position: event.position,
        event_id: event.eventId,
        stream_id: event.streamId,
        revision: event.revision,
        type: event.type,
        schema_version: event.schemaVersion,
        data: event.data,
        actor_id: metadata.actor.id,
        actor_name: metadata.actor.name,
        actor_role: metadata.actor.role,
        recorded_at: metadata.recordedAt.toISOString(),
        effective_at: metadata.effectiveAt.toISOString(),
        reason: metadata.reason,
        origin: metadata.origin,
        command_id: metadata.commandId,
        correlation_id: metadata.correlationId,
        action_id: after.action_id,
        plan_id: after.plan_id,
        source_id: after.source_id,
        recommendation_id: after.recommendation_id,
      };
    });
    await sql(
      `INSERT INTO ${table('rm_audit_log')} SELECT * FROM jsonb_populate_recordset(NULL::${table('rm_audit_log')}, $1::jsonb) ON CONFLICT (position) DO NOTHING`,
      [rowsParam(rows)],
    );
    if (changed.size > 0) {
      await sql(
        `INSERT INTO ${table('rm_audit_streams')} SELECT * FROM jsonb_populate_recordset(NULL::${table('rm_audit_streams')}, $1::jsonb)
         ON CONFLICT (stream_id) DO UPDATE SET action_id = EXCLUDED.action_id, plan_id = EXCLUDED.plan_id,
           source_id = EXCLUDED.source_id, recommendation_id = EXCLUDED.recommendation_id`,
        [rowsParam([...changed].map((streamId) => refs.get(streamId)!))],
      );
    }
  },
};
