import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startOversight } from './support/programs.js';
import { createRunStore, type RunStore } from './support/run-store.js';

const manager = { id: 'key-1', name: 'Team Manager', role: 'manager' };

/** `oversight project` keeps the read models apart from the service (PROJECTOR=off there). */
describe('oversight project', () => {
  let runStore: RunStore;
  beforeAll(async () => {
    runStore = await createRunStore();
  });
  afterAll(async () => {
    await runStore?.dispose();
  });

  it('projects what is in the store, and stops cleanly on SIGTERM', async () => {
    const last = await runStore.open(async (store) => {
      await store.append(
        'plan-p1',
        [
          {
            type: 'PlanOpened',
            data: {
              planId: 'p1',
              title: 'SDP 2024-25',
              periodStart: '2024-04-01',
              periodEnd: '2025-03-31',
              owner: null,
              board: null,
              reviewFrequency: 'Quarterly',
            },
          },
        ],
        { expectedRevision: 'no_stream', actor: manager, origin: 'api' },
      );
      return (
        await store.append(
          'source-s1',
          [
            {
              type: 'SourceRegistered',
              data: { sourceId: 's1', kind: 'staff-feedback', title: 'Feedback from Duty workers', date: null },
            },
          ],
          { expectedRevision: 'no_stream', actor: manager, origin: 'api' },
        )
      ).position;
    });
    const projecting = startOversight(['project'], runStore.env);
    const until = Date.now() + 60_000;
    while (!projecting.output().includes('Projecting from') && Date.now() < until)
      await new Promise((resolve) => setTimeout(resolve, 100));
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect(await projecting.stop()).toBe(0);
    expect(projecting.output()).toContain(`Stopped at position ${last}.`);
    await runStore.open(async (_store, sql) => {
      expect((await sql('SELECT projection, position FROM rm_checkpoints ORDER BY projection')).rows).toEqual([
        { projection: 'audit-log', position: String(last) },
        { projection: 'current-state', position: String(last) },
      ]);
      expect((await sql('SELECT title FROM rm_sources')).rows).toEqual([{ title: 'Feedback from Duty workers' }]);
    });
  });
});
