import { createHash } from 'node:crypto';
import { PERSONAL_DATA_EVENT_TYPES, type RecordedEvent } from '#event-store';
import {
  isWhole,
  type ProjectedEvent,
  type Projection,
  type ProjectionTarget,
  type Sql,
} from '../projections/projection.js';

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
      return {
        ...refs,
        action_id: data.actionId!,
        plan_id: data.planId!,
        source_id: data.sourceId!,
        recommendation_id: data.recommendationId ?? null,
      };
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

  async apply(events: ProjectedEvent[], target: ProjectionTarget) {
    const streamIds = [...new Set(events.map((event) => event.streamId))];
    const known = await target.rowsByKey<StreamRefs>('rm_audit_streams', 'stream_id', streamIds);
    const refs = new Map(known.map((row) => [row.stream_id, row]));
    const changed = new Set<string>();
    const eventRefs = events.map((event) => {
      let before = refs.get(event.streamId);
      if (!before) {
        // Kept, so that the stream's next events share this object and fall in one run (runsOf).
        before = {
          stream_id: event.streamId,
          action_id: null,
          plan_id: null,
          source_id: null,
          recommendation_id: null,
        };
        refs.set(event.streamId, before);
      }
      const after = refsAfter(event, before);
      if (after !== before) {
        refs.set(event.streamId, after);
        changed.add(event.streamId);
      }
      return after;
    });
    if (target.eventsTable)
      await copyFromEvents(events, eventRefs, target.query, target.table('rm_audit_log'), target.eventsTable);
    else if (events.every(isWhole)) await target.putRows('rm_audit_log', auditRows(events, eventRefs), { fail: true });
    else throw new Error('The audit log needs whole events when the events table is not beside it');
    await target.putRows(
      'rm_audit_streams',
      [...changed].map((streamId) => refs.get(streamId)!),
      { update: 'stream_id' },
    );
  },
};

/** The audit log's rows, sent whole. */
function auditRows(events: RecordedEvent[], eventRefs: StreamRefs[]): object[] {
  return events.map((event, n) => {
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
}

/**
 * The audit log's rows, the event's own columns copied in SQL from the events table beside it.
 * Only references are sent, one row per run of a stream's events that share them (a page of a
 * rebuild holds a few hundred such runs for its thousands of events): the bulk of the data is not
 * sent back to the database it came from. Every event must be found, and found only once, with
 * the ids that were read (checked by a digest of them in position order).
 */
async function copyFromEvents(
  events: ProjectedEvent[],
  eventRefs: StreamRefs[],
  sql: Sql,
  auditLog: string,
  eventsTable: string,
): Promise<void> {
  const runs = runsOf(events, eventRefs);
  const column = (pick: (run: RefsRun) => string | number | null) => runs.map(pick);
  const [result] = await sql<{ found: string; digest: string | null }>(
    `WITH runs AS (
       SELECT * FROM unnest($1::text[], $2::bigint[], $3::bigint[], $4::text[], $5::text[], $6::text[], $7::text[])
         AS r(stream_id, first, last, action_id, plan_id, source_id, recommendation_id)
     ), found AS (
       SELECT e.position, e.event_id, e.stream_id, e.revision, e.type, e.schema_version, COALESCE(o.opened -> 'data', e.data),
              e.actor_id, e.actor_name,
              e.actor_role, e.recorded_at, e.effective_at, COALESCE(o.opened ->> 'reason', e.reason),
              COALESCE(o.opened ->> 'origin', e.origin), e.command_id, e.correlation_id,
              r.action_id, r.plan_id, r.source_id, r.recommendation_id
         FROM runs r JOIN ${eventsTable} e ON e.stream_id = r.stream_id AND e.position BETWEEN r.first AND r.last
         -- What was opened, found by position in one object (a lookup in its sorted keys). Joined
         -- as a set (jsonb_to_recordset) it was read again for every event, page by page: 0.53 s
         -- of a 5,000-event page at national scale, against 0.01 s this way.
         CROSS JOIN LATERAL (SELECT $10::jsonb -> e.position::text AS opened) o
        -- The planner cannot see the positions inside the array: without the page's bounds it
        -- reads the events' index from the first event on, for every page, which grows with the store.
        WHERE e.position BETWEEN $8 AND $9
     ), inserted AS (
       INSERT INTO ${auditLog} (position, event_id, stream_id, revision, type, schema_version, data, actor_id, actor_name,
              actor_role, recorded_at, effective_at, reason, origin, command_id, correlation_id, action_id, plan_id, source_id, recommendation_id)
       SELECT * FROM found
     )
     SELECT count(*) AS found, md5(string_agg(event_id::text, ',' ORDER BY position)) AS digest FROM found`,
    [
      column((run) => run.streamId),
      column((run) => run.first),
      column((run) => run.last),
      column((run) => run.refs.action_id),
      column((run) => run.refs.plan_id),
      column((run) => run.refs.source_id),
      column((run) => run.refs.recommendation_id),
      events[0]!.position,
      events[events.length - 1]!.position,
      // Personal data is sealed in the events table: the data of events that may hold it, and
      // reasons and imports' origins, are sent as read (opened, or the words that stand for them
      // once removed), the rest copied in SQL. A summary carries a reason or origin only when sealed.
      JSON.stringify(Object.fromEntries(events.flatMap(openedColumns))),
    ],
  );
  const digest = createHash('md5')
    .update(events.map((event) => event.eventId).join(','))
    .digest('hex');
  if (Number(result!.found) !== events.length || result!.digest !== digest) {
    throw new Error(
      `${eventsTable} in the read models' database does not hold the ${events.length} events read from the store (it holds ${result!.found} in their positions, or others): it is not the store's table`,
    );
  }
}

/** What the copy must be sent of an event, opened, by its position, rather than copy as stored: nothing for most. */
function openedColumns(event: ProjectedEvent): [number, { data?: object; reason?: string; origin?: string }][] {
  const data = PERSONAL_DATA_EVENT_TYPES.includes(event.type) ? event.data : undefined;
  const { reason, origin } = event.metadata as { reason?: string | null; origin?: string };
  const sendReason = typeof reason === 'string' ? reason : undefined;
  const sendOrigin = origin?.startsWith('import:') ? origin : undefined;
  if (data === undefined && sendReason === undefined && sendOrigin === undefined) return [];
  return [[event.position, { data, reason: sendReason, origin: sendOrigin }]];
}

/** A run of one stream's events, in a page, that share the same references. */
interface RefsRun {
  streamId: string;
  first: number;
  last: number;
  refs: StreamRefs;
}

/**
 * The page's events as runs: each stream's events in order, a new run wherever its references
 * change (refsAfter returns the same object while they do not). Runs of different streams
 * interleave; a run's range holds no other event of its stream.
 */
function runsOf(events: ProjectedEvent[], eventRefs: StreamRefs[]): RefsRun[] {
  const runs: RefsRun[] = [];
  const open = new Map<string, RefsRun>();
  events.forEach((event, n) => {
    const refs = eventRefs[n]!;
    const run = open.get(event.streamId);
    if (run && run.refs === refs) {
      run.last = event.position;
    } else {
      const next = { streamId: event.streamId, first: event.position, last: event.position, refs };
      runs.push(next);
      open.set(event.streamId, next);
    }
  });
  return runs;
}
