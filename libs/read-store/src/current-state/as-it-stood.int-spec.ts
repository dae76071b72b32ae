import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { seededRandom } from '../../../domain/src/testing/index.js';
import { allProjections } from '../projections/all-projections.js';
import { Projector } from '../projections/projector.js';
import { appendGeneratedHistories } from '../testing/generated-histories.js';
import { openStores, readStoreBackends, type StoresUnderTest } from '../testing/read-store-backends.js';
import type { ActionRow } from './action-row.js';
import { SNAPSHOT_EVERY } from './action-snapshots.js';
import { actionRowsAsItStood, type AsItStood } from './as-it-stood.js';

for (const kind of readStoreBackends()) {
  describe(`Actions as they stood, from snapshots, on ${kind}`, () => {
    let stores: StoresUnderTest;
    let projector: Projector;
    let actionIds: string[];
    let recordedTimes: number[];
    beforeAll(async () => {
      stores = await openStores(kind);
      ({ actionIds } = await appendGeneratedHistories(stores.store, {
        seed: 21,
        plans: 2,
        actionsPerPlan: 4,
        commandsPerAction: 150,
        backdated: 0.3,
      }));
      projector = new Projector(stores.store, stores.readDatabase, allProjections);
      await projector.start();
      expect(await projector.waitFor(await stores.store.headPosition(), 30_000)).toBe(true);
      recordedTimes = (await stores.readDatabase.query('SELECT recorded_at FROM rm_audit_log ORDER BY position')).map(
        (row: { recorded_at: Date }) => row.recorded_at.getTime(),
      );
    });
    afterAll(async () => {
      await projector?.stop();
      await stores?.dispose();
    });

    it('answers every cut exactly as a replay of each action from its first event', async () => {
      const [{ snapshots }] = await stores.readDatabase.query(
        'SELECT count(*)::int AS snapshots FROM rm_action_snapshots',
      );
      expect(snapshots).toBeGreaterThan(actionIds.length); // histories of ~100 events, one snapshot per SNAPSHOT_EVERY in order
      expect(SNAPSHOT_EVERY).toBeLessThan(100);
      const random = seededRandom(4);
      const cuts: AsItStood[] = [{}];
      for (let n = 0; n < 12; n++) {
        const asOf = new Date(Date.parse('2019-04-01T00:00:00Z') + Math.floor(random() * 2450) * 86_400_000);
        const asAt = new Date(recordedTimes[Math.floor(random() * recordedTimes.length)]!);
        cuts.push({ asOf }, { asAt }, { asOf, asAt });
      }
      const fromSnapshots = [];
      for (const cut of cuts) fromSnapshots.push(await actionRowsAsItStood(stores.readDatabase, actionIds, cut));
      // The same cuts with no snapshot to start from: every action replayed from its creation.
      await stores.readDatabase.query('CREATE TEMP TABLE kept AS SELECT * FROM rm_action_snapshots');
      await stores.readDatabase.query('DELETE FROM rm_action_snapshots');
      try {
        for (const [n, cut] of cuts.entries()) {
          // Comment and evidence ids are sets: listed in the order the fold met them.
          const asSets = (row: ActionRow) => ({
            ...row,
            state: {
              ...row.state,
              commentIds: [...row.state.commentIds].sort(),
              evidenceIds: [...row.state.evidenceIds].sort(),
            },
          });
          const byId = (rows: ActionRow[]) =>
            [...rows].sort((a, b) => a.action_id.localeCompare(b.action_id)).map(asSets);
          expect({ cut, rows: byId(fromSnapshots[n]!) }).toEqual({
            cut,
            rows: byId(await actionRowsAsItStood(stores.readDatabase, actionIds, cut)),
          });
        }
      } finally {
        await stores.readDatabase.query('INSERT INTO rm_action_snapshots SELECT * FROM kept');
        await stores.readDatabase.query('DROP TABLE kept');
      }
    });

    it('starts from a snapshot taken before a change entered late, and takes the change in', async () => {
      const actionId = actionIds[0]!;
      const [snapshot] = await stores.readDatabase.query(
        'SELECT effective_at, revision, row FROM rm_action_snapshots WHERE action_id = $1 ORDER BY revision LIMIT 1',
        [actionId],
      );
      expect(snapshot).toBeDefined();
      const [{ revision }] = await stores.readDatabase.query('SELECT revision FROM rm_actions WHERE action_id = $1', [
        actionId,
      ]);
      const [before] = await actionRowsAsItStood(stores.readDatabase, [actionId], { asOf: snapshot.effective_at });
      const appended = await stores.store.append(
        `action-${actionId}`,
        [{ type: 'CommentAdded', data: { commentId: 'late-1', text: 'Found in old minutes' } }],
        {
          expectedRevision: revision,
          actor: { id: 'key-gen', name: 'Auditor', role: 'manager' },
          origin: 'api',
          effectiveAt: snapshot.effective_at, // inside the first snapshot's time, recorded after it
        },
      );
      expect(await projector.waitFor(appended.position, 30_000)).toBe(true);
      const [row] = await actionRowsAsItStood(stores.readDatabase, [actionId], { asOf: snapshot.effective_at });
      expect(row!.comment_count).toBe(before!.comment_count + 1);
      expect(row!.last_comment).toBe('Found in old minutes'); // the latest revision wins a tie in effective time
      const [{ after }] = await stores.readDatabase
        .query('SELECT row FROM rm_action_snapshots WHERE action_id = $1 AND revision = $2', [
          actionId,
          snapshot.revision,
        ])
        .then((rows) => rows.map((r: { row: unknown }) => ({ after: r.row })));
      expect(after).toEqual(snapshot.row); // snapshots are never rewritten
    });
  });
}
