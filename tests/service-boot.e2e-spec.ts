import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createRunStore, type RunStore } from './support/run-store.js';
import { startService, type RunningService } from './support/programs.js';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { cleanEnv } from './support/programs.js';

describe('the service', () => {
  let runStore: RunStore;
  let service: RunningService;

  beforeAll(async () => {
    runStore = await createRunStore();
    service = await startService(runStore.env);
  });
  afterAll(async () => {
    await service?.stop();
    await runStore?.dispose();
  });

  it('reports the event store reachable on /health and says which store it uses', async () => {
    const response = await fetch(`${service.baseUrl}/health`);
    expect(response.status).toBe(200);
    const health = (await response.json()) as { projections: { name: string }[] };
    expect(health).toMatchObject({ status: 'ok', eventStore: { backend: runStore.kind, reachable: true } });
    expect(health.projections.map((projection: { name: string }) => projection.name)).toEqual([
      'audit-log',
      'current-state',
    ]);
    if (runStore.kind === 'embedded') {
      expect(service.output()).toContain('Event store: embedded PostgreSQL (PGlite)');
      expect(service.output()).toContain('not for records that matter');
    } else {
      expect(service.output()).toContain('Event store: PostgreSQL at');
    }
  });

  it('prints one working key per role on the embedded demo', async () => {
    if (runStore.kind !== 'embedded') {
      expect(service.output()).not.toContain('Demo API keys');
      return;
    }
    const plain = service.output();
    const keys = Object.fromEntries(
      [...plain.matchAll(/^ {2}(manager|auditor|inspector|admin) +(ovk_\S+)$/gm)].map((match) => [match[1], match[2]]),
    );
    expect(Object.keys(keys).sort()).toEqual(['admin', 'auditor', 'inspector', 'manager']);
    const write = (key: string) =>
      fetch(`${service.baseUrl}/sources`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${key}`, 'Content-Type': 'application/json' },
        body: JSON.stringify({ kind: 'research', title: 'Neglect and affluence' }),
      });
    expect((await write(keys.manager!)).status).toBe(201);
    expect((await write(keys.auditor!)).status).toBe(403);
  });

  it('refuses to start on bad settings, naming each variable (a time zone Intl does not know among them)', () => {
    const root = fileURLToPath(new URL('..', import.meta.url));
    const result = spawnSync(process.execPath, ['dist/apps/api/src/main.js'], {
      cwd: root,
      env: cleanEnv({ PORT: 'eighty', DATABASE_URL: 'mysql://nope', TIME_ZONE: 'Europe/Londres' }),
      encoding: 'utf8',
    });
    expect(result.status).toBe(78);
    expect(result.stderr).toContain('PORT="eighty"');
    expect(result.stderr).toContain('DATABASE_URL must be a postgres:// URL');
    expect(result.stderr).toContain(
      'TIME_ZONE="Europe/Londres": TIME_ZONE must be an IANA time zone name such as Europe/London or UTC',
    );
  });

  it('refuses to start in production on the embedded store unless told to allow it', () => {
    const root = fileURLToPath(new URL('..', import.meta.url));
    const result = spawnSync(process.execPath, ['dist/apps/api/src/main.js'], {
      cwd: root,
      env: cleanEnv({ NODE_ENV: 'production' }),
      encoding: 'utf8',
    });
    expect(result.status).toBe(78);
    expect(result.stderr).toContain('the embedded store is for trying the product and for tests');
    expect(result.stderr).toContain('ALLOW_EMBEDDED_STORE=true');
  });
});
