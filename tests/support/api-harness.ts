import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { loadConfig } from '#config';
import type { EventStore } from '#event-store';
import { ROLES, type ApiKeys, type KeyChange, type Role } from '#read-store';
import { createApp, type OversightApp } from '../../apps/api/src/create-app.js';
import { createServiceDatabase } from './service-database.js';

/**
 * The real service, in this process, on the store of this run: a fresh database on the
 * DATABASE_URL server when it is set (CI's second run), else a fresh embedded data directory.
 */
export interface ApiUnderTest {
  kind: 'postgres' | 'embedded';
  http: ReturnType<typeof request>;
  /** A live API key for each role. */
  keys: Record<Role, string>;
  apiKeys: ApiKeys;
  store: EventStore;
  oversight: OversightApp;
  /** What the built programs need to find this store (DATABASE_URL or DATA_DIR). */
  env: Record<string, string>;
  /** Stops the service, keeping its store (on embedded, so `oversight` commands can open it); close() then only removes it. */
  stop(): Promise<void>;
  close(): Promise<void>;
}

/** Who the tests are, as the record of every key they are given or take away names them. */
export const BY_TESTS: KeyChange = {
  actor: { id: 'test', name: 'Test harness', role: 'admin' },
  reason: 'Keys for the tests',
  origin: 'test',
};

/** The service in this process on a fresh store; `settings` adds to its environment (DOCS_PUBLIC, ...). */
export async function startApi(settings: Record<string, string> = {}): Promise<ApiUnderTest> {
  const serverUrl = process.env.DATABASE_URL;
  // As the service's role when CI sets the two roles up (support/service-database.ts).
  const database = serverUrl ? await createServiceDatabase(serverUrl, 'oversight_api') : null;
  const dataDir = database ? null : mkdtempSync(join(tmpdir(), 'oversight-api-'));
  const env: Record<string, string> = database
    ? { DATABASE_URL: database.serviceUrl, DB_POOL_SIZE: '25' }
    : { DATA_DIR: dataDir! };
  const oversight = await createApp(loadConfig({ ...env, ...settings }), ['error']);
  const apiKeys = oversight.apiKeys;
  const keys = {} as Record<Role, string>;
  for (const role of ROLES) keys[role] = (await apiKeys.create(`test ${role}`, role, BY_TESTS)).key;
  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    await oversight.close();
  };
  return {
    kind: database ? 'postgres' : 'embedded',
    env,
    stop,
    http: request(oversight.app.getHttpServer()),
    keys,
    apiKeys,
    store: oversight.connected.store,
    oversight,
    async close() {
      await stop();
      await database?.drop();
      if (dataDir) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** `Authorization` header for a key. */
export const bearer = (key: string) => ({ Authorization: `Bearer ${key}` });
