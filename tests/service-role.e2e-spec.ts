import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { loadConfig } from '#config';
import { createApp, type OversightApp } from '../apps/api/src/create-app.js';
import { BY_TESTS } from './support/api-harness.js';
import {
  configuredRoles,
  createRoles,
  createServiceDatabase,
  type ServiceDatabase,
} from './support/service-database.js';

const serverUrl = process.env.DATABASE_URL;

/**
 * The service as CI runs it on PostgreSQL (and as docs/operating.md sets it up): connected as a
 * role that is no superuser and may only read and append the events, so it cannot change or
 * remove one however it tries. The roles are CI's (TEST_DATABASE_OWNER_URL and
 * TEST_DATABASE_SERVICE_URL), or made here for the spec when those are not set.
 */
const describeOnServer = serverUrl ? describe : describe.skip;
if (!serverUrl)
  console.warn('The service’s database role: skipped on the embedded store (PGlite has one role, a superuser)');

describeOnServer('the service’s database role on PostgreSQL', () => {
  let roles: Awaited<ReturnType<typeof createRoles>> | null = null;
  let database: ServiceDatabase;
  let oversight: OversightApp;
  const serviceRole = () => new URL((configuredRoles() ?? roles)!.serviceUrl).username;

  beforeAll(async () => {
    if (!configuredRoles()) roles = await createRoles(serverUrl!);
    database = await createServiceDatabase(serverUrl!, 'oversight_role', configuredRoles() ?? roles);
    oversight = await createApp(loadConfig({ DATABASE_URL: database.serviceUrl }), ['error']);
    // An append as the service's role: it may insert.
    await oversight.apiKeys.create('role check', 'manager', BY_TESTS);
  }, 120_000);

  afterAll(async () => {
    await oversight?.close();
    await database?.drop();
    await roles?.drop();
  });

  const asService = (text: string) => oversight.readDatabase.query(text);

  it('connects as the service’s role, which is no superuser, reads and has appended events', async () => {
    const [who] = await asService(
      'SELECT current_user AS role, (SELECT rolsuper FROM pg_roles WHERE rolname = current_user) AS superuser',
    );
    expect(who).toEqual({ role: serviceRole(), superuser: false });
    const [events] = await asService('SELECT count(*)::int AS n FROM oversight_events');
    expect(events.n).toBeGreaterThan(0);
  });

  it.each([
    ["UPDATE oversight_events SET reason = 'rewritten'", /permission denied for table oversight_events/],
    ['DELETE FROM oversight_events', /permission denied for table oversight_events/],
    ['TRUNCATE oversight_events', /permission denied for table oversight_events/],
    ['ALTER TABLE oversight_events DISABLE TRIGGER ALL', /must be owner of table oversight_events/],
    ['DROP TABLE oversight_events CASCADE', /must be owner of table oversight_events/],
    ["UPDATE oversight_chain SET link_hash = 'x'", /permission denied for table oversight_chain/],
    ['DELETE FROM oversight_commands', /permission denied for table oversight_commands/],
  ])('refuses %s with a permission error', async (statement, says) => {
    await expect(asService(statement)).rejects.toThrow(says);
    const [events] = await asService('SELECT count(*)::int AS n FROM oversight_events');
    expect(events.n).toBeGreaterThan(0);
  });
});
