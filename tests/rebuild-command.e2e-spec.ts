import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { appendGeneratedHistories } from '../libs/read-store/src/testing/generated-histories.js';
import { runOversight } from './support/programs.js';
import { createRunStore, type RunStore } from './support/run-store.js';

/** `oversight rebuild [projection]`: the read models rebuilt from the store, aside, then swapped in. */
describe('oversight rebuild', () => {
  let runStore: RunStore;
  let head: number;
  beforeAll(async () => {
    runStore = await createRunStore();
    head = await runStore.open(async (store) => {
      await appendGeneratedHistories(store, { seed: 5, plans: 2, actionsPerPlan: 3, commandsPerAction: 10 });
      return store.headPosition();
    });
  });
  afterAll(async () => {
    await runStore?.dispose();
  });

  it('rebuilds every read model with a progress bar and swaps them in at the head', async () => {
    const result = await runOversight(['rebuild'], runStore.env);
    expect({ code: result.code, stderr: result.stderr }).toMatchObject({ code: 0 });
    expect(result.stderr).toMatch(/Rebuilding 100% [\d,]+ events \(audit-log, current-state\)/);
    expect(result.stderr).toMatch(
      new RegExp(`audit-log: rebuilt from [\\d,]+ events in [\\d.]+ s, swapped in at position ${head}`),
    );
    expect(result.stderr).toMatch(
      new RegExp(`current-state: rebuilt from [\\d,]+ events in [\\d.]+ s, swapped in at position ${head}`),
    );
    await runStore.open(async (_store, sql) => {
      expect(
        (
          await sql(
            "SELECT projection, position FROM rm_checkpoints WHERE projection NOT LIKE '%:rebuild' ORDER BY projection",
          )
        ).rows,
      ).toEqual([
        { projection: 'audit-log', position: String(head) },
        { projection: 'current-state', position: String(head) },
      ]);
      expect((await sql('SELECT count(*)::int AS actions FROM rm_actions')).rows).toEqual([{ actions: 6 }]);
    });
  });

  it('rebuilds only the projection named, and refuses one it does not know', async () => {
    const one = await runOversight(['rebuild', 'current-state'], runStore.env);
    expect(one.code).toBe(0);
    expect(one.stderr).toContain('current-state: rebuilt');
    expect(one.stderr).not.toContain('audit-log');
    const unknown = await runOversight(['rebuild', 'gossip'], runStore.env);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('No projection named gossip; there are: audit-log, current-state');
  });
});
