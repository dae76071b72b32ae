import { describe, expect, it } from '@jest/globals';
import { createTestDatabase } from '../../event-store/src/testing/test-databases.js';
import { openReadDatabase } from './read-database.js';

const serverUrl = process.env.DATABASE_URL;
const onServer = serverUrl ? describe : describe.skip;

// The embedded store is one process on one connection: only a server has instances that start together.
onServer('the read database on a PostgreSQL server (DATABASE_URL)', () => {
  it('lets two instances starting together migrate a fresh database in turns: each migration applied once, both open', async () => {
    const database = await createTestDatabase(serverUrl!, 'oversight_migrate');
    try {
      const opened = await Promise.all(
        Array.from({ length: 3 }, () => openReadDatabase({ url: database.url, poolSize: 1 })),
      );
      try {
        const applied = await opened[0]!.query<{ name: string }[]>('SELECT name FROM oversight_read_migrations');
        const names = applied.map((row) => row.name);
        expect(names.length).toBe(opened[0]!.migrations.length);
        expect(new Set(names).size).toBe(names.length);
        for (const dataSource of opened) expect(await dataSource.query('SELECT 1 AS one')).toEqual([{ one: 1 }]);
      } finally {
        for (const dataSource of opened) await dataSource.destroy();
      }
    } finally {
      await database.drop();
    }
  });
});
