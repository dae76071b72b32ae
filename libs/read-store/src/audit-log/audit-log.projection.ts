import type { RecordedEvent } from '#event-store';
import { isWhole, rowsParam, type EventsWhere, type ProjectedEvent, type Projection, type Sql } from '../projections/projection.js';

interface StreamRefs {
  stream_id: string;
  action_id: string | null;
  plan_id: string | null;
  source_id: string | null;
  recommendation_id: string | null;
}

/** The references a stream's first events establish; later events inherit them. */
function refsAfter(event: ProjectedEvent, refs: StreamRefs): StreamRefs {
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
 *
 * Rows are inserted without ON CONFLICT: each event comes once (the projector writes its
 * checkpoint in the same transaction), so a position met twice is a fault to stop at rather than
 * pass over, and the insert skips the conflict check for each row, a fifth of a rebuild's copy.
 */
export const auditLogProjection: Projection = {
  name: 'audit-log',
  tables: ['rm_audit_log', 'rm_audit_streams'],

  async apply(events: ProjectedEvent[], sql: Sql, table: (name: string) => string, where: EventsWhere = { eventsTable: null }) {
    const streamIds = [...new Set(events.map((event) => event.streamId))];
    const known = await sql<StreamRefs>(`SELECT * FROM ${table('rm_audit_streams')} WHERE stream_id = ANY($1)`, [streamIds]);
    const refs = new Map(known.map((row) => [row.stream_id, row]));
    const changed = new Set<string>();
    const eventRefs = events.map((event) => {
      const before = refs.get(event.streamId) ?? { stream_id: event.streamId, action_id: null, plan_id: null, source_id: null, recommendation_id: null };
      const after = refsAfter(event, before);
      if (after !== before) {
        refs.set(event.streamId, after);
        changed.add(event.streamId);
      }
      return after;
    });
    if (where.eventsTable) await copyFromEvents(events, eventRefs, sql, table('rm_audit_log'), where.eventsTable);
    else if (events.every(isWhole)) await insertRows(events, eventRefs, sql, table('rm_audit_log'));
    else throw new Error('The audit log needs whole events when the events table is not beside it');
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

/** The audit log's rows, sent whole. */
async function insertRows(events: RecordedEvent[], eventRefs: StreamRefs[], sql: Sql, auditLog: string): Promise<void> {
  const rows = events.map((event, n) => {
    const { metadata } = event;
    const refs = eventRefs[n]!;
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
      action_id: refs.action_id,
      plan_id: refs.plan_id,
      source_id: refs.source_id,
      recommendation_id: refs.recommendation_id,
    };
  });
  await sql(`INSERT INTO ${auditLog} SELECT * FROM jsonb_populate_recordset(NULL::${auditLog}, $1::jsonb)`, [rowsParam(rows)]);
}

/**
 * The audit log's rows, the event's own columns copied in SQL from the events table beside it:
 * only positions, ids and references are sent (a rebuild's bulk of data is not sent back to the
 * database it came from). Each event is matched by position and id, and all must be found.
 */
async function copyFromEvents(events: ProjectedEvent[], eventRefs: StreamRefs[], sql: Sql, auditLog: string, eventsTable: string): Promise<void> {
  const column = (pick: (refs: StreamRefs) => string | null) => eventRefs.map(pick);
  const positions = events.map((event) => event.position);
  const [result] = await sql<{ found: string }>(
    `WITH refs AS (
       SELECT * FROM unnest($1::bigint[], $2::uuid[], $3::text[], $4::text[], $5::text[], $6::text[])
         AS r(position, event_id, action_id, plan_id, source_id, recommendation_id)
     ), found AS (
       SELECT e.position, e.event_id, e.stream_id, e.revision, e.type, e.schema_version, e.data, e.actor_id, e.actor_name,
              e.actor_role, e.recorded_at, e.effective_at, e.reason, e.origin, e.command_id, e.correlation_id,
              r.action_id, r.plan_id, r.source_id, r.recommendation_id
         FROM refs r JOIN ${eventsTable} e ON e.position = r.position AND e.event_id = r.event_id
        -- The planner cannot see the positions inside the array: without their bounds it reads the
        -- events' index from the first event on, for every batch, which grows with the store.
        WHERE e.position BETWEEN $7 AND $8
     ), inserted AS (
       INSERT INTO ${auditLog} (position, event_id, stream_id, revision, type, schema_version, data, actor_id, actor_name,
              actor_role, recorded_at, effective_at, reason, origin, command_id, correlation_id, action_id, plan_id, source_id, recommendation_id)
       SELECT * FROM found
     )
     SELECT count(*) AS found FROM found`,
    [
      positions,
      events.map((event) => event.eventId),
      column((refs) => refs.action_id),
      column((refs) => refs.plan_id),
      column((refs) => refs.source_id),
      column((refs) => refs.recommendation_id),
      positions.reduce((low, position) => Math.min(low, position)),
      positions.reduce((high, position) => Math.max(high, position)),
    ],
  );
  if (Number(result!.found) !== events.length) {
    throw new Error(`${eventsTable} in the read models' database holds ${result!.found} of ${events.length} events read from the store: it is not the store's table`);
  }
}
