import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createRunStore, type RunStore } from './support/run-store.js';
import { runOversight } from './support/programs.js';

const actor = { id: 'key-1', name: 'Team Manager', role: 'manager' };

describe('oversight verify', () => {
  let runStore: RunStore;
  let editedEventId = '';

  beforeAll(async () => {
    runStore = await createRunStore();
    editedEventId = await runStore.open(async (store) => {
      await store.append(
        'action-1',
        [
          { type: 'ActionCreated', data: { ref: '1.6a' } },
          { type: 'CommentAdded', data: { text: 'January: done' } },
        ],
        { expectedRevision: 'no_stream', actor, origin: 'api' },
      );
      await store.append('action-2', [{ type: 'ActionCreated', data: { ref: 'A5.4' } }], {
        expectedRevision: 'no_stream',
        actor,
        origin: 'api',
      });
      return (await store.readStream('action-1'))[1]!.eventId;
    });
  });
  afterAll(async () => {
    await runStore?.dispose();
  });

  it('exits 0 when every event holds', async () => {
    const result = await runOversight(['verify'], runStore.env);
    expect(result.stdout).toContain('OK: all 3 events in 2 streams hold.');
    expect(result.code).toBe(0);
  });

  it('exits 1 naming the first event whose hash does not hold after a row is edited in SQL', async () => {
    await runStore.open(async (_store, sql) => {
      await sql(`BEGIN; SET LOCAL session_replication_role = replica;
                 UPDATE oversight_events SET data = '{"text":"January: not done"}' WHERE stream_id = 'action-1' AND revision = 1; COMMIT;`);
    });
    const result = await runOversight(['verify'], runStore.env);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain(`BROKEN: stream action-1, revision 1 (event ${editedEventId}`);
  });

  it('exits 2 with a message for an unknown command, writing nothing', async () => {
    const result = await runOversight(['verfy'], runStore.env);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('Unknown command: verfy');
  });
});
