import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { fileURLToPath } from 'node:url';
import { runOversight, startService } from './support/programs.js';
import { createRunStore, type RunStore } from './support/run-store.js';

const fixture = fileURLToPath(new URL('../../shared/fixtures/service-development-plan-2024-25.xlsx', import.meta.url));
/** Words no fixture holds: the comment that is removed. */
const WORDS = 'Ophelia Brackenridge moved to a placement in Harrogate';
const REASON = 'personal data entered in error';

interface Written {
  id: string;
  revision: number;
}

/** A JSON request to the running service that must succeed; its body. */
async function call(
  baseUrl: string,
  key: string,
  method: string,
  path: string,
  body?: object,
  ifMatch?: number,
): Promise<Record<string, unknown>> {
  const headers: Record<string, string> = { Authorization: `Bearer ${key}`, Accept: 'application/json' };
  if (body) headers['Content-Type'] = 'application/json';
  if (ifMatch !== undefined) headers['If-Match'] = `"${ifMatch}"`;
  const response = await fetch(`${baseUrl}${path}`, { method, headers, body: body && JSON.stringify(body) });
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} ${path} answered ${response.status}: ${text}`);
  return JSON.parse(text) as Record<string, unknown>;
}

/**
 * `oversight verify --read-models`: after a real workload (an import by the command, then
 * commands and a redaction through the service), a rebuild aside equals the live read models;
 * tampering with them in SQL is named table by table, key by key; the aside schema never stays.
 */
describe('oversight verify --read-models', () => {
  let runStore: RunStore;
  let changed: Written;
  let other: Written;
  let planId: string;
  let manager: string;

  const asideSchemas = () =>
    runStore.open(async (_store, sql) =>
      Number((await sql("SELECT count(*) AS n FROM pg_namespace WHERE nspname LIKE 'oversight_verify_%'")).rows[0].n),
    );

  beforeAll(async () => {
    runStore = await createRunStore();
    const imported = await runOversight(['import', fixture, '--json'], runStore.env);
    expect({ code: imported.code, stderr: imported.stderr }).toMatchObject({ code: 0 });
    planId = (JSON.parse(imported.stdout) as { summary: { plan: { id: string } } }).summary.plan.id;
    const keyOf = async (role: string) => {
      const created = await runOversight(['keys', 'create', '--name', `Verify ${role}`, '--role', role], runStore.env);
      expect(created.code).toBe(0);
      return /^(ovk_\S+)$/m.exec(created.stdout)![1]!;
    };
    manager = await keyOf('manager');
    const admin = await keyOf('admin');

    const service = await startService(runStore.env);
    try {
      // The service projects the import first; the plan's actions show once it has.
      let actions: Written[] = [];
      for (const until = Date.now() + 60_000; actions.length < 2 && Date.now() < until;) {
        const state = await fetch(`${service.baseUrl}/plans/${planId}/state`, {
          headers: { Authorization: `Bearer ${manager}`, Accept: 'application/json' },
        });
        if (state.ok) actions = ((await state.json()) as { actions: Written[] }).actions;
        if (actions.length < 2) await new Promise((resolve) => setTimeout(resolve, 200));
      }
      expect(actions.length).toBeGreaterThan(1);
      [changed, other] = [actions[0]!, actions[1]!];
      const status = await call(
        service.baseUrl,
        manager,
        'POST',
        `/actions/${changed.id}/status`,
        { to: 'red', reason: 'No audits since March' },
        changed.revision,
      );
      changed = { ...changed, revision: status.revision as number };
      const commented = await call(
        service.baseUrl,
        manager,
        'POST',
        `/actions/${changed.id}/comments`,
        { text: WORDS },
        changed.revision,
      );
      changed = { ...changed, revision: commented.revision as number };
      const kept = await call(
        service.baseUrl,
        manager,
        'POST',
        `/actions/${other.id}/comments`,
        { text: 'The audit tool is agreed with the practice leads' },
        other.revision,
      );
      other = { ...other, revision: kept.revision as number };
      // Read your writes: the projector may be behind the comment's answer on a loaded machine.
      const log = await call(
        service.baseUrl,
        admin,
        'GET',
        `/audit-log?actionId=${changed.id}&waitFor=${commented.position as number}`,
      );
      const comment =
        JSON.stringify(log).match(new RegExp(`"commentId":"([^"]+)"[^{}]*"text":"${WORDS}"`)) ??
        JSON.stringify(log).match(new RegExp(`"text":"${WORDS}"[^{}]*"commentId":"([^"]+)"`));
      expect(comment).not.toBeNull();
      // The redaction waits for the projector, which erases the words from every read model.
      await call(
        service.baseUrl,
        admin,
        'POST',
        `/actions/${changed.id}/comments/${comment![1]}/redact`,
        { reason: REASON },
        changed.revision,
      );
    } finally {
      await service.stop();
    }
  }, 240_000);

  afterAll(async () => {
    await runStore?.dispose();
  });

  it('exits 0 when every read model equals its rebuild, the redacted words removed on both sides', async () => {
    await runStore.open(async (_store, sql) => {
      const words = await sql('SELECT count(*) AS n FROM rm_audit_log WHERE strpos(data::text, $1) > 0', [WORDS]);
      expect(Number(words.rows[0].n)).toBe(0);
      const removed = await sql("SELECT count(*) AS n FROM rm_audit_log WHERE strpos(data::text, '[removed on') > 0");
      expect(Number(removed.rows[0].n)).toBeGreaterThan(0);
    });
    const result = await runOversight(['verify', '--read-models'], runStore.env);
    expect({ code: result.code, stdout: result.stdout, stderr: result.stderr }).toMatchObject({ code: 0 });
    expect(result.stdout).toMatch(
      /OK: audit-log equals a rebuild from the events at position \d+ \(rows: rm_audit_log \d+/,
    );
    expect(result.stdout).toMatch(
      /OK: current-state equals a rebuild from the events at position \d+ \(rows: rm_actions \d+/,
    );
    expect(await asideSchemas()).toBe(0);
  }, 240_000);

  // On the embedded store the command is refused while the service holds the data directory: no projector runs beside it.
  (process.env.DATABASE_URL ? it : it.skip)(
    'on a server, compares at the live checkpoint while the service writes and projects beside it',
    async () => {
      const service = await startService(runStore.env);
      let writing = true;
      let written = 0;
      const writes = (async () => {
        while (writing) {
          const comment = await call(
            service.baseUrl,
            manager,
            'POST',
            `/actions/${other.id}/comments`,
            { text: `Update ${written + 1}: the audits go on` },
            other.revision,
          );
          other = { ...other, revision: comment.revision as number };
          written += 1;
        }
      })();
      try {
        await new Promise((resolve) => setTimeout(resolve, 500));
        const result = await runOversight(['verify', '--read-models'], runStore.env);
        // The whole verify holds, the global chain's check too: links sealed after it began are not
        // mistaken for a missing tail.
        expect({ code: result.code, stdout: result.stdout }).toMatchObject({ code: 0 });
        expect(result.stdout).not.toContain('READ MODEL DIFFERS');
        expect(result.stdout).not.toContain('MISSING TAIL');
        expect(result.stdout).toMatch(/OK: audit-log equals a rebuild from the events at position \d+/);
        expect(result.stdout).toMatch(/OK: current-state equals a rebuild from the events at position \d+/);
      } finally {
        writing = false;
        await writes;
        await service.stop();
      }
      expect(written).toBeGreaterThan(5);
    },
    240_000,
  );

  it('exits 1 naming each table and key after read models are changed, rows deleted and stray rows inserted in SQL', async () => {
    let deletedPosition = '';
    await runStore.open(async (_store, sql) => {
      await sql("UPDATE rm_actions SET status = 'green' WHERE action_id = $1", [changed.id]);
      const [last] = (await sql('SELECT max(position) AS position FROM rm_audit_log WHERE action_id = $1', [other.id]))
        .rows as { position: string }[];
      deletedPosition = last!.position;
      await sql('DELETE FROM rm_audit_log WHERE position = $1', [deletedPosition]);
      await sql(
        `INSERT INTO rm_plans SELECT * FROM jsonb_populate_record(NULL::rm_plans,
           (SELECT to_jsonb(p) || '{"plan_id": "00000000-0000-4000-8000-00000000beef"}' FROM rm_plans p WHERE plan_id = $1))`,
        [planId],
      );
    });
    const result = await runOversight(['verify', '--read-models'], runStore.env);
    expect({ code: result.code, stderr: result.stderr }).toMatchObject({ code: 1 });
    expect(result.stdout).toMatch(
      /READ MODEL DIFFERS: rm_actions \(current-state, at position \d+\): 1 rows differ, 0 missing, 0 extra/,
    );
    expect(result.stdout).toContain(`rm_actions action_id=${changed.id}: status is "green" live, "red" rebuilt`);
    expect(result.stdout).toMatch(
      /READ MODEL DIFFERS: rm_audit_log \(audit-log, at position \d+\): 0 rows differ, 1 missing, 0 extra/,
    );
    expect(result.stdout).toContain(
      `rm_audit_log position=${deletedPosition}: missing (the rebuild has it, the live table not)`,
    );
    expect(result.stdout).toMatch(
      /READ MODEL DIFFERS: rm_plans \(current-state, at position \d+\): 0 rows differ, 0 missing, 1 extra/,
    );
    expect(result.stdout).toContain(
      'rm_plans plan_id=00000000-0000-4000-8000-00000000beef: extra (in the live table, not in the rebuild)',
    );
    expect(result.stdout).toContain('OK: all');
    expect(result.stdout).not.toMatch(
      /READ MODEL DIFFERS: rm_(audit_streams|sources|recommendations|action_snapshots)/,
    );
    expect(await asideSchemas()).toBe(0);
  }, 240_000);
});
