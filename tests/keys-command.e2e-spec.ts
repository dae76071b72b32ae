import type { RecordedEvent } from '#event-store';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { runOversight, startService } from './support/programs.js';
import { createRunStore, type RunStore } from './support/run-store.js';

/** Keys made and revoked with the `oversight` command open (and stop opening) the real service. */
describe('oversight keys', () => {
  let runStore: RunStore;
  beforeAll(async () => {
    runStore = await createRunStore();
  });
  afterAll(async () => {
    await runStore?.dispose();
  });

  const registerSource = (baseUrl: string, key: string) =>
    fetch(`${baseUrl}/sources`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${key}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ kind: 'staff-feedback', title: 'Feedback from Duty workers' }),
    });

  it('creates a key that writes as its holder, lists it, and revokes it', async () => {
    const created = await runOversight(
      ['keys', 'create', '--name', 'Head of Service', '--role', 'manager'],
      runStore.env,
    );
    expect(created.code).toBe(0);
    const key = /^(ovk_[0-9a-f]{32}_\S+)$/m.exec(created.stdout)?.[1];
    const id = /key ([0-9a-f]{32}) for/.exec(created.stdout)?.[1];
    expect(key).toBeDefined();

    let service = await startService(runStore.env);
    try {
      const response = await registerSource(service.baseUrl, key!);
      expect(response.status).toBe(201);
    } finally {
      await service.stop();
    }

    const listed = await runOversight(['keys', 'list'], runStore.env);
    expect(listed.stdout).toMatch(new RegExp(`${id}\\s+manager\\s+\\S+\\s+live\\s+Head of Service`));

    const noReason = await runOversight(['keys', 'revoke', id!], runStore.env);
    expect({ code: noReason.code, stderr: noReason.stderr }).toEqual({
      code: 2,
      stderr: expect.stringContaining('needs --reason'),
    });
    const revoked = await runOversight(
      ['keys', 'revoke', id!, '--reason', 'Left the service', '--as', 'IT service desk'],
      runStore.env,
    );
    expect(revoked.code).toBe(0);
    service = await startService(runStore.env);
    try {
      expect((await registerSource(service.baseUrl, key!)).status).toBe(401);
    } finally {
      await service.stop();
    }
    await runStore.open(async (store) => {
      // On an empty embedded store the service also imports the demo plans: only this key's writes count here.
      const written: RecordedEvent[] = [];
      for await (const stream of store.listStreams()) {
        if (!stream.startsWith('source-')) continue;
        const [first] = await store.readStream(stream);
        if (first!.metadata.actor.id === id) written.push(first!);
      }
      expect(written.map((event) => [event.type, event.metadata.actor])).toEqual([
        ['SourceRegistered', { id: id, name: 'Head of Service', role: 'manager' }],
      ]);
    });
    // The key's own record: given, then taken away, by whom and why (the reason opened: it is sealed).
    await runStore.openWithKeys(async (store) => {
      const record = await store.readStream(`api-key-${id}`);
      expect(
        record.map((event) => ({
          type: event.type,
          data: event.data,
          by: event.metadata.actor,
          reason: event.metadata.reason,
          origin: event.metadata.origin,
        })),
      ).toEqual([
        {
          type: 'ApiKeyIssued',
          data: { keyId: id, name: 'Head of Service', role: 'manager', expiresAt: null },
          by: { id: 'cli', name: expect.any(String), role: 'admin' },
          reason: null,
          origin: 'cli',
        },
        {
          type: 'ApiKeyRevoked',
          data: { keyId: id },
          by: { id: 'cli', name: 'IT service desk', role: 'admin' },
          reason: 'Left the service',
          origin: 'cli',
        },
      ]);
    });
  }, 120_000); // two starts of the service, five commands

  it('gives a key until the end of a day in England, and refuses an expiry that has passed', async () => {
    const summer = await runOversight(
      [
        'keys',
        'create',
        '--name',
        'Annual audit 2099',
        '--role',
        'auditor',
        '--expires',
        '2099-07-01',
        '--reason',
        'Audit',
      ],
      runStore.env,
    );
    expect(summer.code).toBe(0);
    expect(summer.stdout).toContain('until 2099-07-01T23:00:00.000Z');
    const listed = await runOversight(['keys', 'list'], runStore.env);
    expect(listed.stdout).toMatch(/ {2}live until 2099-07-01T23:00:00\.000Z {2}Annual audit 2099$/m);
    const passed = await runOversight(
      ['keys', 'create', '--name', 'Too late', '--role', 'auditor', '--expires', '2020-01-31'],
      runStore.env,
    );
    expect({ code: passed.code, stderr: passed.stderr }).toEqual({
      code: 2,
      stderr: expect.stringContaining('has passed'),
    });
  });

  it('gives a key the child-data permission with --child-data, and lists it', async () => {
    const created = await runOversight(
      ['keys', 'create', '--name', 'QA lead', '--role', 'manager', '--child-data', '--reason', 'Case audits'],
      runStore.env,
    );
    expect(created.code).toBe(0);
    expect(created.stdout).toContain('(may read child-level words)');
    const id = /key ([0-9a-f]{32}) for/.exec(created.stdout)![1]!;
    const plain = await runOversight(['keys', 'create', '--name', 'Team manager', '--role', 'manager'], runStore.env);
    const plainId = /key ([0-9a-f]{32}) for/.exec(plain.stdout)![1]!;
    expect(plain.stdout).not.toContain('child-level');
    const listed = await runOversight(['keys', 'list'], runStore.env);
    expect(listed.stdout).toMatch(new RegExp(`^${id}\\s+manager\\s+child-data\\s+\\S+\\s+live\\s+QA lead$`, 'm'));
    expect(listed.stdout).toMatch(new RegExp(`^${plainId}\\s+manager\\s+\\S+\\s+live\\s+Team manager$`, 'm'));
  });

  it('revokes a key while the service runs: the service, which keeps keys it checked, refuses it within moments (a server), or the command is refused (embedded)', async () => {
    const created = await runOversight(
      ['keys', 'create', '--name', 'Duty import script', '--role', 'manager'],
      runStore.env,
    );
    const key = /^(ovk_[0-9a-f]{32}_\S+)$/m.exec(created.stdout)![1]!;
    const id = /key ([0-9a-f]{32}) for/.exec(created.stdout)![1]!;
    const service = await startService(runStore.env);
    try {
      for (let check = 0; check < 2; check++) expect((await registerSource(service.baseUrl, key)).status).toBe(201);
      const revoked = await runOversight(['keys', 'revoke', id, '--reason', 'Script retired'], runStore.env);
      if (runStore.kind === 'embedded') {
        // Nothing else can open the data directory while the service runs, so nothing can revoke
        // a key behind its back: why it keeps checked keys there without listening.
        expect({ code: revoked.code, stderr: revoked.stderr }).toEqual({
          code: 2,
          stderr: expect.stringContaining('in use by process'),
        });
        expect((await registerSource(service.baseUrl, key)).status).toBe(201);
        return;
      }
      expect(revoked.code).toBe(0);
      const deadline = Date.now() + 2_000;
      let status = (await registerSource(service.baseUrl, key)).status;
      while (status !== 401 && Date.now() < deadline) status = (await registerSource(service.baseUrl, key)).status;
      expect(status).toBe(401);
    } finally {
      await service.stop();
    }
  });

  it('refuses a bad role or a missing name with exit code 2, creating nothing', async () => {
    const badRole = await runOversight(['keys', 'create', '--name', 'X', '--role', 'superuser'], runStore.env);
    expect(badRole.code).toBe(2);
    expect(badRole.stderr).toContain('--role, one of: manager, auditor, inspector, admin');
    const noName = await runOversight(['keys', 'create', '--role', 'auditor'], runStore.env);
    expect(noName.code).toBe(2);
    const unknown = await runOversight(
      ['keys', 'revoke', 'ffffffffffffffffffffffffffffffff', '--reason', 'No such key'],
      runStore.env,
    );
    expect(unknown.code).toBe(2);
    const listed = await runOversight(['keys', 'list'], runStore.env);
    expect(listed.stdout).not.toMatch(/ {2}X$/m);
    expect(listed.stdout).toMatch(/ {2}Head of Service$/m);
  });
});
