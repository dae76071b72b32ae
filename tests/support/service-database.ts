import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { createPool, PostgresEventStore } from '#event-store';
import { createTestDatabase } from '../../libs/event-store/src/testing/test-databases.js';

/**
 * The two roles of docs/operating.md ("Two database roles"), as URLs on the test server (their
 * database part is replaced by each spec's): the owner the event store's migrations run as, and
 * the service's role, with only INSERT and SELECT on the events. CI's PostgreSQL pass sets
 * TEST_DATABASE_OWNER_URL and TEST_DATABASE_SERVICE_URL (`.ci/run` makes the roles); unset, the
 * programs under test connect as DATABASE_URL's role, as on a developer's machine.
 */
export interface DatabaseRoles {
  ownerUrl: string;
  serviceUrl: string;
}

export function configuredRoles(): DatabaseRoles | null {
  const ownerUrl = process.env.TEST_DATABASE_OWNER_URL;
  const serviceUrl = process.env.TEST_DATABASE_SERVICE_URL;
  if (!ownerUrl && !serviceUrl) return null;
  if (!ownerUrl || !serviceUrl)
    throw new Error('Set both TEST_DATABASE_OWNER_URL and TEST_DATABASE_SERVICE_URL, or neither');
  return { ownerUrl, serviceUrl };
}

/** A spec's database as the programs under test reach it, and as the spec itself does (the server's superuser). */
export interface ServiceDatabase {
  /** The spec's own connection: the DATABASE_URL role (a superuser), for set-up and tampering. */
  url: string;
  /** What the service and the commands connect as: the service's role when roles are set, else `url`. */
  serviceUrl: string;
  drop(): Promise<void>;
}

const inDatabase = (roleUrl: string, databaseUrl: string): string => {
  const url = new URL(databaseUrl);
  const role = new URL(roleUrl);
  url.username = role.username;
  url.password = role.password;
  return url.toString();
};

/**
 * A fresh database on the DATABASE_URL server for a spec. With roles (`roles`, else the configured
 * ones), it is set up as a deployment is: the owner and the service may create in the schema, the
 * owner's tables are granted to the service for SELECT and INSERT only, the event store's
 * migrations are applied as the owner, and the service may mark a data key destroyed (the columns
 * a redaction sets) and create a schema (`oversight verify --read-models` rebuilds in one).
 */
export async function createServiceDatabase(
  serverUrl: string,
  prefix: string,
  roles: DatabaseRoles | null = configuredRoles(),
): Promise<ServiceDatabase> {
  const database = await createTestDatabase(serverUrl, prefix);
  if (!roles) return { url: database.url, serviceUrl: database.url, drop: () => database.drop() };
  const owner = new URL(roles.ownerUrl).username;
  const service = new URL(roles.serviceUrl).username;
  const superuser = new pg.Client({ connectionString: database.url });
  await superuser.connect();
  try {
    await superuser.query(`GRANT CREATE ON SCHEMA public TO ${owner}, ${service};
      ALTER DEFAULT PRIVILEGES FOR ROLE ${owner} IN SCHEMA public GRANT SELECT, INSERT ON TABLES TO ${service};
      ALTER DEFAULT PRIVILEGES FOR ROLE ${owner} IN SCHEMA public GRANT USAGE, UPDATE ON SEQUENCES TO ${service};
      GRANT CREATE ON DATABASE ${new URL(database.url).pathname.slice(1)} TO ${service};`);
    const pool = createPool({ connectionString: inDatabase(roles.ownerUrl, database.url), max: 1 });
    try {
      await PostgresEventStore.migrate(pool);
      await pool.query(
        `GRANT UPDATE (wrapped_key, destroyed_at, destroyed_by, reason, replacement) ON oversight_data_keys TO ${service}`,
      );
    } finally {
      await pool.end();
    }
  } finally {
    await superuser.end();
  }
  return { url: database.url, serviceUrl: inDatabase(roles.serviceUrl, database.url), drop: () => database.drop() };
}

/**
 * Roles made for one spec when none are configured (a developer's machine): LOGIN, no superuser,
 * a random password (so it holds on a server that asks for one); dropped by `drop`, after the
 * databases they were granted in.
 */
export async function createRoles(serverUrl: string): Promise<DatabaseRoles & { drop(): Promise<void> }> {
  const suffix = randomBytes(4).toString('hex');
  const password = randomBytes(16).toString('hex');
  const names = { owner: `oversight_test_owner_${suffix}`, service: `oversight_test_service_${suffix}` };
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  try {
    for (const name of Object.values(names))
      await admin.query(`CREATE ROLE ${name} LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE PASSWORD '${password}'`);
  } finally {
    await admin.end();
  }
  const roleUrl = (name: string) => {
    const url = new URL(serverUrl);
    url.username = name;
    url.password = password;
    return url.toString();
  };
  return {
    ownerUrl: roleUrl(names.owner),
    serviceUrl: roleUrl(names.service),
    async drop() {
      const client = new pg.Client({ connectionString: serverUrl });
      await client.connect();
      try {
        for (const name of Object.values(names)) await client.query(`DROP ROLE IF EXISTS ${name}`);
      } finally {
        await client.end();
      }
    },
  };
}
