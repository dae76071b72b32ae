import { rowsParam, streamKind, type ProjectedEvent, type Projection, type Sql } from '../projections/projection.js';
import { nextActionRow, withIsoTimes, type ActionRow } from './action-row.js';
import { ActionSnapshots } from './action-snapshots.js';

/**
 * Actions as they stand now, with the plans, sources and recommendations they belong to: the
 * plan view, its counts, and accountability to each source.
 */
export const currentStateProjection: Projection = {
  name: 'current-state',
  tables: ['rm_actions', 'rm_plans', 'rm_sources', 'rm_recommendations', 'rm_action_snapshots'],

  async apply(events: ProjectedEvent[], sql: Sql, table: (name: string) => string) {
    const actionIds = [...new Set(events.filter((event) => streamKind(event.streamId) === 'action').map((event) => event.streamId.slice('action-'.length)))];
    const existing = actionIds.length
      ? await sql<ActionRow>(`SELECT * FROM ${table('rm_actions')} WHERE action_id = ANY($1::text[])`, [actionIds])
      : [];
    const actions = new Map(existing.map((row) => [`action-${row.action_id}`, withIsoTimes(row)]));
    const changedActions = new Set<string>();
    const snapshots = new ActionSnapshots();
    const plans: object[] = [];
    const sources: object[] = [];
    const recommendations: object[] = [];

    for (const event of events) {
      const data = event.data as Record<string, unknown>;
      // Only the few plan, source and recommendation events keep when they were recorded: a rebuild folds a million events here.
      const recordedAt = () => event.metadata.recordedAt.toISOString();
      switch (streamKind(event.streamId)) {
        case 'action': {
          const previous = actions.get(event.streamId);
          if (previous && event.revision <= previous.revision) continue; // applied already
          const change = { type: event.type, data, revision: event.revision, effectiveAt: event.metadata.effectiveAt.toISOString() };
          const row = nextActionRow(previous, change);
          if (!row) continue;
          snapshots.after(row, event.metadata.recordedAt);
          actions.set(event.streamId, row);
          changedActions.add(event.streamId);
          break;
        }
        case 'plan':
          if (event.type === 'PlanOpened') {
            plans.push({ plan_id: data.planId, title: data.title, period_start: data.periodStart, period_end: data.periodEnd, owner: data.owner, board: data.board, review_frequency: data.reviewFrequency, opened_at: recordedAt() });
          }
          break;
        case 'source':
          if (event.type === 'SourceRegistered') sources.push({ source_id: data.sourceId, kind: data.kind, title: data.title, date: data.date, recorded_at: recordedAt() });
          break;
        case 'recommendation':
          if (event.type === 'RecommendationRecorded') {
            recommendations.push({ recommendation_id: data.recommendationId, source_id: data.sourceId, reference: data.reference, text: data.text, level: data.level, recorded_at: recordedAt() });
          }
          break;
      }
    }

    const insertNew = async (name: string, key: string, rows: object[]) => {
      if (rows.length === 0) return;
      await sql(`INSERT INTO ${table(name)} SELECT * FROM jsonb_populate_recordset(NULL::${table(name)}, $1::jsonb) ON CONFLICT (${key}) DO NOTHING`, [rowsParam(rows)]);
    };
    await insertNew('rm_plans', 'plan_id', plans);
    await insertNew('rm_sources', 'source_id', sources);
    await insertNew('rm_recommendations', 'recommendation_id', recommendations);
    await snapshots.write(sql, table('rm_action_snapshots'));
    if (changedActions.size > 0) {
      const rows = [...changedActions].map((streamId) => actions.get(streamId)!);
      const columns = Object.keys(rows[0]!).filter((column) => column !== 'action_id');
      await sql(
        `INSERT INTO ${table('rm_actions')} SELECT * FROM jsonb_populate_recordset(NULL::${table('rm_actions')}, $1::jsonb)
         ON CONFLICT (action_id) DO UPDATE SET ${columns.map((column) => `${column} = EXCLUDED.${column}`).join(', ')}`,
        [rowsParam(rows)],
      );
    }
  },
};
