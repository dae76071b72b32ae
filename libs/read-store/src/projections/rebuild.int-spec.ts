import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { ActionEvent } from '#domain';
import type { EventData } from '#event-store';
import { anActionCreated, anActionEvent } from '../../../domain/src/testing/index.js';
import type { DataSource } from 'typeorm';
import { planState } from '../current-state/plan-state.reader.js';
import { appendGeneratedHistories } from '../testing/generated-histories.js';
import { openStores, readStoreBackends, type StoresUnderTest } from '../testing/read-store-backends.js';
import { auditLogProjection } from '../audit-log/audit-log.projection.js';
import { allProjections } from './all-projections.js';
import { statementTarget } from './projection.js';
import { Projector, sqlOf } from './projector.js';

/** The audit log's tables aside, for applying it apart from the live ones. */
const aside = (table: string) => (table === 'rm_audit_log' ? 'audit_aside' : 'streams_aside');
import type { Projection } from './projection.js';
import { rebuildProjections, type RebuildProgress } from './rebuild.js';

/** Every read-model row, in a fixed order, and each projection's checkpoint. */
async function dump(db: DataSource) {
  const rows = async (table: string, key: string) => db.query(`SELECT * FROM ${table} ORDER BY ${key}`);
  return {
    actions: await rows('rm_actions', 'action_id'),
    plans: await rows('rm_plans', 'plan_id'),
    sources: await rows('rm_sources', 'source_id'),
    recommendations: await rows('rm_recommendations', 'recommendation_id'),
    audit: await rows('rm_audit_log', 'position'),
    streams: await rows('rm_audit_streams', 'stream_id'),
    snapshots: await rows('rm_action_snapshots', 'action_id, effective_at'),
    checkpoints: await db.query(
      "SELECT projection, position FROM rm_checkpoints WHERE projection NOT LIKE '%:rebuild' ORDER BY projection",
    ),
  };
}

async function caughtUp(projector: Projector, store: StoresUnderTest['store']): Promise<void> {
  expect(await projector.waitFor(await store.headPosition(), 30_000)).toBe(true);
}

for (const kind of readStoreBackends()) {
  describe(`Rebuilding the read models on ${kind}`, () => {
    let stores: StoresUnderTest;
    let projector: Projector;
    let planIds: string[];
    beforeAll(async () => {
      stores = await openStores(kind);
      ({ planIds } = await appendGeneratedHistories(stores.store, {
        seed: 11,
        plans: 3,
        actionsPerPlan: 6,
        commandsPerAction: 25,
      }));
      projector = new Projector(stores.store, stores.readDatabase, allProjections);
      await projector.start();
      await caughtUp(projector, stores.store);
    });
    afterAll(async () => {
      await projector?.stop();
      await stores?.dispose();
    });

    it('rebuilds every projection to exactly the rows the live projector keeps, with progress, and leaves nothing aside', async () => {
      const live = await dump(stores.readDatabase);
      expect(live.actions.length).toBe(18);
      expect(live.audit.length).toBeGreaterThan(200);
      const indexes = () =>
        stores.readDatabase.query(
          "SELECT tablename, indexname, indexdef FROM pg_indexes WHERE tablename LIKE 'rm\\_%' ORDER BY indexname",
        );
      const liveIndexes = await indexes();
      const progress: RebuildProgress[] = [];
      const results = await rebuildProjections(stores.store, stores.readDatabase, allProjections, (step) =>
        progress.push(step),
      );
      const head = await stores.store.headPosition();
      expect(results).toEqual(
        allProjections.map((projection) => ({
          projection: projection.name,
          events: live.audit.length,
          position: head,
        })),
      );
      expect(progress.at(-1)).toMatchObject({
        projections: ['audit-log', 'current-state'],
        position: head,
        events: live.audit.length,
      });
      expect(progress.every((step) => step.head === head)).toBe(true);
      expect(await dump(stores.readDatabase)).toEqual(live);
      // The same indexes under the same names, primary keys included, so the next rebuild finds them as the first did.
      expect(await indexes()).toEqual(liveIndexes);
      // And the same storage parameters: rm_actions keeps room on its pages for updates in place.
      const storage = await stores.readDatabase.query(
        "SELECT relname AS table, reloptions AS options FROM pg_class WHERE relname LIKE 'rm\\_%' AND reloptions IS NOT NULL ORDER BY 1",
      );
      expect(storage).toEqual([{ table: 'rm_actions', options: ['fillfactor=70'] }]);
      const primaryKeys = await stores.readDatabase.query(
        "SELECT conrelid::regclass::text AS table FROM pg_constraint WHERE contype = 'p' AND conrelid::regclass::text LIKE 'rm\\_%' ORDER BY 1",
      );
      expect(primaryKeys.map((row: { table: string }) => row.table)).toEqual([
        'rm_action_snapshots',
        'rm_actions',
        'rm_audit_log',
        'rm_audit_streams',
        'rm_checkpoints',
        'rm_plans',
        'rm_recommendation_links',
        'rm_recommendations',
        'rm_sources',
      ]);
      // Statistics come with the rebuilt tables, so the planner uses their indexes from the first query on.
      const analysed = await stores.readDatabase.query(
        "SELECT DISTINCT tablename FROM pg_stats WHERE tablename IN ('rm_audit_log', 'rm_actions', 'rm_action_snapshots') ORDER BY 1",
      );
      expect(analysed.map((row: { tablename: string }) => row.tablename)).toEqual([
        'rm_action_snapshots',
        'rm_actions',
        'rm_audit_log',
      ]);
      const leftAside = await stores.readDatabase.query(
        "SELECT tablename FROM pg_tables WHERE tablename LIKE '%\\_rebuild' OR tablename LIKE '%\\_replaced'",
      );
      expect(leftAside).toEqual([]);
    });

    it('reads the store once for all projections, page by page, each projection taking the pages at its own pace', async () => {
      const live = await dump(stores.readDatabase);
      const reads: number[] = [];
      const whole: number[] = [];
      const counted = Object.create(stores.store) as StoresUnderTest['store'];
      counted.readAll = (options) => {
        whole.push(options?.after ?? 0);
        return stores.store.readAll(options);
      };
      counted.readAllSummaries = (options) => {
        reads.push(options?.after ?? 0);
        return stores.store.readAllSummaries!(options);
      };
      // The audit log is held back on every page, so the current state runs ahead until the read-ahead bound stops it.
      const held = {
        ...auditLogProjection,
        apply: async (...args: Parameters<Projection['apply']>) => {
          await new Promise((resolve) => setTimeout(resolve, 5));
          return auditLogProjection.apply(...args);
        },
      };
      const pageSize = 17;
      const progress: RebuildProgress[] = [];
      await rebuildProjections(
        counted,
        stores.readDatabase,
        [held, ...allProjections.filter((projection) => projection !== auditLogProjection)],
        (step) => progress.push(step),
        { pageSize },
      );
      expect(await dump(stores.readDatabase)).toEqual(live);
      const pages = Math.ceil(live.audit.length / pageSize);
      // Each page once (and the read that finds the end), whatever the number of projections, and
      // as summaries: the events table is beside the read models, and who and why come from it.
      expect(whole).toEqual([]);
      expect(new Set(reads).size).toBe(reads.length);
      expect(reads.length).toBeGreaterThanOrEqual(pages);
      expect(reads.length).toBeLessThanOrEqual(pages + 1);
      // Progress is the slowest projection's: it never goes back, and it ends at the head.
      const positions = progress.map((step) => step.position);
      expect(positions).toEqual([...positions].sort((a, b) => a - b));
      expect(progress.at(-1)).toMatchObject({ position: await stores.store.headPosition(), events: live.audit.length });
    });

    it('reads whole events from a store that cannot read summaries, to the same read models', async () => {
      const live = await dump(stores.readDatabase);
      const wholeOnly = Object.create(stores.store) as StoresUnderTest['store'];
      wholeOnly.readAllSummaries = undefined;
      let reads = 0;
      wholeOnly.readAll = (options) => {
        reads++;
        return stores.store.readAll(options);
      };
      await rebuildProjections(wholeOnly, stores.readDatabase, allProjections, () => undefined, { pageSize: 50 });
      expect(reads).toBeGreaterThan(0);
      expect(await dump(stores.readDatabase)).toEqual(live);
    });

    it('stops every projection when one fails, answers its error, and leaves the live tables as they were', async () => {
      const live = await dump(stores.readDatabase);
      let applied = 0;
      const failing = {
        ...auditLogProjection,
        apply: async (...args: Parameters<Projection['apply']>) => {
          if (++applied === 3) throw new Error('the audit log could not be written');
          return auditLogProjection.apply(...args);
        },
      };
      let currentStatePages = 0;
      const counting = allProjections
        .filter((projection) => projection !== auditLogProjection)
        .map((projection) => ({
          ...projection,
          apply: async (...args: Parameters<Projection['apply']>) => {
            currentStatePages++;
            return projection.apply(...args);
          },
        }));
      await expect(
        rebuildProjections(stores.store, stores.readDatabase, [failing, ...counting], () => undefined, {
          pageSize: 11,
        }),
      ).rejects.toThrow('the audit log could not be written');
      // Once the rebuild has answered, nothing more is applied aside: the others stopped at their next page.
      const pagesWhenAnswered = currentStatePages;
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect(currentStatePages).toBe(pagesWhenAnswered);
      expect(pagesWhenAnswered).toBeLessThan(Math.ceil(live.audit.length / 11));
      expect(await dump(stores.readDatabase)).toEqual(live);
    });

    it('copies the audit log from the events table beside it only when that table holds the very events read', async () => {
      const events = (await stores.store.readAll({ after: 0, maxCount: 50 })).events;
      await stores.readDatabase.query('CREATE TABLE events_elsewhere (LIKE oversight_events)');
      await stores.readDatabase.query('CREATE TABLE audit_aside (LIKE rm_audit_log INCLUDING ALL)');
      await stores.readDatabase.query('CREATE TABLE streams_aside (LIKE rm_audit_streams INCLUDING ALL)');
      try {
        // Same positions, other event ids: another store's table that happens to share the name.
        await stores.readDatabase.query(
          'INSERT INTO events_elsewhere SELECT * FROM oversight_events WHERE position <= $1',
          [events.at(-1)!.position],
        );
        await stores.readDatabase.query(
          'UPDATE events_elsewhere SET event_id = gen_random_uuid() WHERE position = $1',
          [events[10]!.position],
        );
        const apply = (eventsTable: string) =>
          stores.readDatabase.transaction((manager) =>
            auditLogProjection.apply(events, statementTarget(sqlOf(manager), aside, eventsTable)),
          );
        const refused = `events_elsewhere in the read models' database does not hold the ${events.length} events read from the store`;
        await expect(apply('events_elsewhere')).rejects.toThrow(refused);
        expect(await stores.readDatabase.query('SELECT count(*)::int AS n FROM audit_aside')).toEqual([{ n: 0 }]);
        // The same ids, two of them at each other's positions.
        await stores.readDatabase.query(
          'UPDATE events_elsewhere e SET event_id = o.event_id FROM oversight_events o WHERE e.position = $1 AND o.position = $1',
          [events[10]!.position],
        );
        await stores.readDatabase.query(
          `UPDATE events_elsewhere SET event_id = CASE position WHEN $1::bigint THEN $3::uuid ELSE $4::uuid END WHERE position IN ($1, $2)`,
          [events[20]!.position, events[21]!.position, events[21]!.eventId, events[20]!.eventId],
        );
        await expect(apply('events_elsewhere')).rejects.toThrow(refused);
        // One event missing.
        await stores.readDatabase.query(
          'UPDATE events_elsewhere e SET event_id = o.event_id FROM oversight_events o WHERE e.position IN ($1, $2) AND o.position = e.position',
          [events[20]!.position, events[21]!.position],
        );
        await stores.readDatabase.query('DELETE FROM events_elsewhere WHERE position = $1', [events[30]!.position]);
        await expect(apply('events_elsewhere')).rejects.toThrow(
          `${refused} (it holds ${events.length - 1} in their positions`,
        );
        expect(await stores.readDatabase.query('SELECT count(*)::int AS n FROM audit_aside')).toEqual([{ n: 0 }]);
        // The table that does hold them gives the rows the live projector wrote.
        await apply('oversight_events');
        const columns =
          'position, event_id, stream_id, revision, type, data, recorded_at, effective_at, action_id, plan_id, source_id, recommendation_id';
        expect(await stores.readDatabase.query(`SELECT ${columns} FROM audit_aside ORDER BY position`)).toEqual(
          await stores.readDatabase.query(
            `SELECT ${columns} FROM rm_audit_log WHERE position <= $1 ORDER BY position`,
            [events.at(-1)!.position],
          ),
        );
      } finally {
        await stores.readDatabase.query('DROP TABLE events_elsewhere');
        await stores.readDatabase.query('DROP TABLE audit_aside');
        await stores.readDatabase.query('DROP TABLE streams_aside');
      }
    });

    it("copies the audit log with each event's own references however streams interleave, a page in or a page out of where they change", async () => {
      const [a, b] = [randomUUID(), randomUUID()];
      const before = await stores.store.headPosition();
      const on = async (actionId: string, event: ActionEvent) =>
        stores.store.append(`action-${actionId}`, [{ type: event.type, data: event.data as unknown as EventData }], {
          expectedRevision: 'any',
          actor: { id: 'k', name: 'Interleaver', role: 'manager' },
          origin: 'api',
        });
      const comment = (n: number) => anActionEvent('CommentAdded', { commentId: `c-${n}`, text: `Comment ${n}` });
      const carried = anActionEvent('ActionCarriedForward', { fromPlanId: planIds[0]!, toPlanId: planIds[1]! });
      await on(a, anActionCreated({ actionId: a, planId: planIds[0]!, recommendationId: null }));
      await on(b, anActionCreated({ actionId: b, planId: planIds[0]!, recommendationId: null }));
      await on(a, comment(1));
      await on(b, comment(2));
      await on(a, carried);
      await on(b, comment(3));
      await on(a, comment(4));
      await on(b, carried);
      await on(a, comment(5));
      await on(b, comment(6));
      await caughtUp(projector, stores.store);
      const events = (await stores.store.readAll({ after: before, maxCount: 100 })).events;
      expect(events.map((event) => event.streamId)).toEqual([a, b, a, b, a, b, a, b, a, b].map((id) => `action-${id}`));
      const columns =
        'position, event_id, stream_id, revision, type, data, recorded_at, effective_at, action_id, plan_id, source_id, recommendation_id';
      const live = await stores.readDatabase.query(
        `SELECT ${columns} FROM rm_audit_log WHERE position > $1 ORDER BY position`,
        [before],
      );
      expect(live.map((row: { plan_id: string }) => row.plan_id)).toEqual(
        [0, 0, 0, 0, 1, 0, 1, 1, 1, 1].map((n) => planIds[n]),
      );
      for (const pageSize of [events.length, 3, 1]) {
        await stores.readDatabase.query('CREATE TABLE audit_aside (LIKE rm_audit_log INCLUDING ALL)');
        await stores.readDatabase.query('CREATE TABLE streams_aside (LIKE rm_audit_streams INCLUDING ALL)');
        try {
          for (let from = 0; from < events.length; from += pageSize) {
            await stores.readDatabase.transaction((manager) =>
              auditLogProjection.apply(
                events.slice(from, from + pageSize),
                statementTarget(sqlOf(manager), aside, 'oversight_events'),
              ),
            );
          }
          expect(await stores.readDatabase.query(`SELECT ${columns} FROM audit_aside ORDER BY position`)).toEqual(live);
        } finally {
          await stores.readDatabase.query('DROP TABLE audit_aside');
          await stores.readDatabase.query('DROP TABLE streams_aside');
        }
      }
    });

    it('keeps answering queries and projecting new writes while it rebuilds, and ends equal to a quiet rebuild', async () => {
      let writing = true;
      let queries = 0;
      const writer = (async () => {
        let seed = 100;
        while (writing)
          await appendGeneratedHistories(stores.store, {
            seed: seed++,
            plans: 1,
            actionsPerPlan: 1,
            commandsPerAction: 8,
          });
      })();
      const reader = (async () => {
        while (writing) {
          const state = await planState(stores.readDatabase, {
            planId: planIds[0]!,
            today: '2026-01-01',
            page: 1,
            pageSize: 50,
          });
          expect(state?.actions.length).toBeGreaterThan(0);
          queries++;
        }
      })();
      await rebuildProjections(stores.store, stores.readDatabase, allProjections);
      writing = false;
      await Promise.all([writer, reader]);
      expect(queries).toBeGreaterThan(0);
      await caughtUp(projector, stores.store);
      const afterConcurrentRebuild = await dump(stores.readDatabase);
      await rebuildProjections(stores.store, stores.readDatabase, allProjections);
      expect(await dump(stores.readDatabase)).toEqual(afterConcurrentRebuild);
      // And the live projector goes on from the swapped-in checkpoint.
      await appendGeneratedHistories(stores.store, { seed: 999, plans: 1, actionsPerPlan: 1, commandsPerAction: 3 });
      await caughtUp(projector, stores.store);
      expect((await dump(stores.readDatabase)).audit.length).toBeGreaterThan(afterConcurrentRebuild.audit.length);
    });
  });
}
