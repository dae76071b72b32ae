import { randomUUID } from 'node:crypto';
import { actionRowsAsItStood, actionState, allProjections, planState, Projector } from '#read-store';
import { seededRandom } from '../../libs/domain/src/testing/index.js';
import { now, p95Row, percentile, type BenchOptions, type Results } from './harness.js';
import {
  appendGeneratedPlan,
  appendInChunks,
  appendPlanOpened,
  generatedHistory,
  randomDays,
} from './generated-plan.js';
import { serverStore, type BenchStore } from './stores.js';

export const AS_IT_STOOD_GOAL_MS = 50;

/**
 * e. A plan as it stood on a date (100 actions, 20,000 events) and one action as it stood (10,000
 * events): `planState` / `actionState` with `asItStood: { asOf }` for random dates, p95. Goal
 * < 50 ms each. The raw figure is a plain SELECT of the rows the replay needs (the plan's, or the
 * action's, audit-log rows up to that date). The plan's time is also split into its SQL and its
 * JavaScript fold, to show which dominates.
 */
export async function asItStoodBenchmark(options: BenchOptions, results: Results): Promise<void> {
  const actions = options.quick ? 20 : 100;
  const planEvents = options.quick ? 2_000 : 20_000;
  const longAction = options.quick ? 1_000 : 10_000;
  const runs = options.quick ? 30 : 200;
  const bench = await serverStore(options, 'oversight_bench_as_it_stood');
  try {
    const random = seededRandom(11);
    const { planId, sourceId, written } = await appendGeneratedPlan(bench.store, random, {
      actions,
      events: planEvents,
    });
    const otherPlanId = randomUUID();
    await appendPlanOpened(bench.store, otherPlanId, 2022);
    const longActionId = randomUUID();
    const longWritten = await appendInChunks(
      bench.store,
      longActionId,
      generatedHistory(random, {
        actionId: longActionId,
        planId: otherPlanId,
        sourceId,
        events: longAction,
        ref: '9.1',
      }),
    );
    await project(bench);

    const dates = randomDays(random, runs);
    const db = bench.readDatabase;
    const sqlRows = (asOf: Date) =>
      db.query(
        `SELECT action_id, type, data, revision, effective_at FROM rm_audit_log WHERE plan_id = $1 AND effective_at <= $2`,
        [planId, asOf],
      );

    // Warm-up: plans, caches, JIT.
    for (const asOf of dates.slice(0, 10)) {
      await planState(db, { planId, today: '2026-01-01', page: 1, pageSize: 50, asItStood: { asOf } });
      await sqlRows(asOf);
    }

    const plan = { total: [] as number[], raw: [] as number[], replay: [] as number[], rows: [] as number[] };
    for (const asOf of dates) {
      let start = now();
      const view = await planState(db, { planId, today: '2026-01-01', page: 1, pageSize: 50, asItStood: { asOf } });
      plan.total.push(now() - start);
      if (!view) throw new Error('The plan was not found as it stood');

      start = now();
      await sqlRows(asOf);
      plan.raw.push(now() - start);

      // The replay alone (snapshots, the events after them, the fold): the rest is the plan's SQL over its rows.
      start = now();
      const rows = await actionRowsAsItStood(db, { everInPlan: planId }, { asOf });
      plan.replay.push(now() - start);
      plan.rows.push(rows.length);
    }

    const action = { total: [] as number[], raw: [] as number[] };
    for (const asOf of dates) {
      let start = now();
      await actionState(db, longActionId, '2026-01-01', { asOf });
      action.total.push(now() - start);
      start = now();
      await db.query(
        `SELECT type, data, revision, effective_at FROM rm_audit_log WHERE action_id = $1 AND stream_id = 'action-' || action_id AND effective_at <= $2 ORDER BY revision`,
        [longActionId, asOf],
      );
      action.raw.push(now() - start);
    }

    const p95 = (samples: number[]) => percentile(samples, 95);
    const mean = (samples: number[]) => samples.reduce((sum, x) => sum + x, 0) / samples.length;
    results.add(
      p95Row(
        'e',
        `plan as it stood (asOf a random date), ${actions} actions, ${written.toLocaleString('en-GB')} events: p95 over ${runs} dates (p50 ${percentile(plan.total, 50).toFixed(1)} ms)`,
        plan.total,
        { samples: plan.raw, what: "p95 SELECT of the plan's audit-log rows up to the date" },
        AS_IT_STOOD_GOAL_MS,
      ),
    );
    results.add(
      p95Row(
        'e',
        `action as it stood (asOf a random date), ${longWritten.toLocaleString('en-GB')} events: p95 over ${runs} dates (p50 ${percentile(action.total, 50).toFixed(1)} ms)`,
        action.total,
        { samples: action.raw, what: "p95 SELECT of the action's audit-log rows up to the date" },
        AS_IT_STOOD_GOAL_MS,
      ),
    );
    const [{ snapshots }] = await db.query('SELECT count(*)::int AS snapshots FROM rm_action_snapshots');
    results.note(
      'e',
      `where a plan's time goes (means over ${runs} dates): total ${mean(plan.total).toFixed(1)} ms, of which the replay of its ${Math.round(mean(plan.rows))} actions ` +
        `from their snapshots (${snapshots.toLocaleString('en-GB')} in the store) ${mean(plan.replay).toFixed(1)} ms (p95 ${p95(plan.replay).toFixed(1)}); the rest is the plan row and the counts, ` +
        `total and page over the replayed rows. Histories: one change in ten entered late.`,
    );
  } finally {
    await bench.close();
  }
}

/** Runs the projector until the read models hold every event. */
async function project(bench: BenchStore): Promise<void> {
  const projector = new Projector(bench.store, bench.readDatabase, allProjections);
  await projector.start();
  try {
    const head = await bench.store.headPosition();
    if (!(await projector.waitFor(head, 300_000))) throw new Error('The projector did not catch up within 5 minutes');
  } finally {
    await projector.stop();
  }
}
