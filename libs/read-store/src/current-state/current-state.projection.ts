import type { DomainEvent, Redacted } from '#domain';
import {
  isWhole,
  streamKind,
  type ProjectedEvent,
  type Projection,
  type ProjectionTarget,
} from '../projections/projection.js';
import { nextActionRow, withIsoTimes, type ActionRow } from './action-row.js';
import { ActionSnapshots } from './action-snapshots.js';

/**
 * Actions as they stand now, with the plans, sources and recommendations they belong to: the
 * plan view, its counts, and accountability to each source.
 */
export const currentStateProjection: Projection = {
  name: 'current-state',
  tables: [
    'rm_actions',
    'rm_plans',
    'rm_sources',
    'rm_recommendations',
    'rm_action_snapshots',
    'rm_recommendation_links',
  ],

  async apply(events: ProjectedEvent[], target: ProjectionTarget) {
    const actionIds = [
      ...new Set(
        events
          .filter((event) => streamKind(event.streamId) === 'action')
          .map((event) => event.streamId.slice('action-'.length)),
      ),
    ];
    const existing = await target.rowsByKey<ActionRow>('rm_actions', 'action_id', actionIds);
    const actions = new Map(existing.map((row) => [`action-${row.action_id}`, withIsoTimes(row)]));
    const changedActions = new Set<string>();
    const snapshots = new ActionSnapshots();
    const plans: object[] = [];
    const sources: object[] = [];
    const recommendations: object[] = [];
    // A recommendation's link as it stands (survivor null once unlinked): the last event of a batch wins.
    const links = new Map<string, object>();
    const erasures: object[] = [];

    for (const event of events) {
      // Only the few plan, source and recommendation events keep when they were recorded: a rebuild folds a million events here.
      const recordedAt = () => event.metadata.recordedAt.toISOString();
      const domainEvent = { type: event.type, data: event.data } as DomainEvent;
      switch (domainEvent.type) {
        case 'PlanOpened': {
          const { data } = domainEvent;
          plans.push({
            plan_id: data.planId,
            title: data.title,
            period_start: data.periodStart,
            period_end: data.periodEnd,
            owner: data.owner,
            board: data.board,
            review_frequency: data.reviewFrequency,
            opened_at: recordedAt(),
          });
          break;
        }
        case 'SourceRegistered': {
          const { data } = domainEvent;
          sources.push({
            source_id: data.sourceId,
            kind: data.kind,
            title: data.title,
            date: data.date,
            recorded_at: recordedAt(),
          });
          break;
        }
        case 'RecommendationRecorded': {
          const { data } = domainEvent;
          recommendations.push({
            recommendation_id: data.recommendationId,
            source_id: data.sourceId,
            reference: data.reference,
            text: data.text,
            level: data.level,
            recorded_at: recordedAt(),
          });
          break;
        }
        case 'RecommendationsLinked':
        case 'RecommendationsUnlinked': {
          const { data } = domainEvent;
          links.set(data.recommendationId, {
            recommendation_id: data.recommendationId,
            survivor_id: domainEvent.type === 'RecommendationsLinked' ? data.survivorId : null,
            position: event.position,
          });
          break;
        }
        // Wordings are read from the audit log, with the time cuts of the views "as it stood".
        case 'RecommendationFiled':
        case 'RecommendationRestated':
          break;
        // Who was given access, and when it ended: the audit log keeps them; no view of a plan shows them.
        case 'ApiKeyIssued':
        case 'ApiKeyRevoked':
          break;
        case 'ActionCreated':
        case 'ActionReassigned':
        case 'RagStatusChanged':
        case 'CommentAdded':
        case 'EvidenceAttached':
        case 'DueDateChanged':
        case 'ActionAmended':
        case 'RetainedForOversight':
        case 'ActionCompleted':
        case 'ActionReopened':
        case 'ActionCarriedForward':
        case 'ActionWithdrawn':
        case 'Redacted': {
          if (domainEvent.type === 'Redacted') erasures.push(erasure(event, domainEvent.data));
          const previous = actions.get(event.streamId);
          if (previous && event.revision <= previous.revision) continue; // applied already
          const change = {
            type: event.type,
            data: event.data as Record<string, unknown>,
            revision: event.revision,
            effectiveAt: event.metadata.effectiveAt.toISOString(),
          };
          const row = nextActionRow(previous, change);
          if (!row) continue;
          snapshots.after(row, event.metadata.recordedAt);
          actions.set(event.streamId, row);
          changedActions.add(event.streamId);
          break;
        }
        default: {
          // A type this version does not know (written by a newer one) changes nothing it keeps.
          const _exhaustive: never = domainEvent;
          void _exhaustive;
        }
      }
    }

    await target.putRows('rm_plans', plans, { keep: 'plan_id' });
    await target.putRows('rm_sources', sources, { keep: 'source_id' });
    await target.putRows('rm_recommendations', recommendations, { keep: 'recommendation_id' });
    await target.putRows('rm_recommendation_links', [...links.values()], { update: 'recommendation_id' });
    await snapshots.write(target);
    await target.putRows(
      'rm_actions',
      [...changedActions].map((streamId) => actions.get(streamId)!),
      { update: 'action_id' },
    );
    // Last, after every row of the batch is written: the words go from all of them.
    if (erasures.length > 0) await target.run(ERASE, erasures);
  },
};

/** Removes the redacted words from every read model, and destroys the key if not yet done (see its migration). */
const ERASE = `SELECT oversight_erase(r.stream_id, r.kind, r.id, r.replacement, r.at, r.by, r.reason)
  FROM jsonb_to_recordset($1::jsonb) AS r(stream_id text, kind text, id text, replacement text, at timestamptz, by text, reason text)`;

function erasure(event: ProjectedEvent, data: Redacted['data']): object {
  // A rebuild's summaries carry no actor or reason: the key was destroyed when the event was first projected.
  const whole = isWhole(event) ? event : null;
  return {
    stream_id: event.streamId,
    kind: data.kind,
    id: data.id,
    replacement: data.replacement,
    at: event.metadata.recordedAt.toISOString(),
    by: whole?.metadata.actor.name ?? null,
    reason: whole?.metadata.reason ?? null,
  };
}
