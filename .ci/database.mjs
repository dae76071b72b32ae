// Creates or drops one database, or the two roles of docs/operating.md, on a PostgreSQL server:
//   node .ci/database.mjs create|drop <server-url> <name>
//   node .ci/database.mjs create-roles|drop-roles <server-url> <owner> <service>   (password: CI_ROLE_PASSWORD)
import pg from 'pg';

const [action, serverUrl, ...names] = process.argv.slice(2);
const roles = action === 'create-roles' || action === 'drop-roles';
const named = names.length === (roles ? 2 : 1) && names.every((name) => /^[a-z0-9_]+$/.test(name));
const password = process.env.CI_ROLE_PASSWORD ?? '';
if (
  !['create', 'drop', 'create-roles', 'drop-roles'].includes(action) ||
  !serverUrl ||
  !named ||
  (action === 'create-roles' && !/^[0-9a-f]{16,}$/.test(password))
) {
  console.error(
    'usage: node .ci/database.mjs create|drop <server-url> <name>\n' +
      '       CI_ROLE_PASSWORD=<hex> node .ci/database.mjs create-roles <server-url> <owner> <service>\n' +
      '       node .ci/database.mjs drop-roles <server-url> <owner> <service>',
  );
  process.exit(2);
}
const [name] = names;
const statements = {
  create: [`CREATE DATABASE ${name}`],
  drop: [`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`],
  // LOGIN and nothing more: no superuser, no CREATEDB (the specs make their databases as the
  // server's superuser and grant these roles what a deployment grants them: tests/support/service-database.ts).
  'create-roles': names.map(
    (role) => `CREATE ROLE ${role} LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE PASSWORD '${password}'`,
  ),
  'drop-roles': names.map((role) => `DROP ROLE IF EXISTS ${role}`),
}[action];
const client = new pg.Client({ connectionString: serverUrl });
await client.connect();
try {
  for (const statement of statements) await client.query(statement);
} finally {
  await client.end();
}
