import { mkdirSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';

/** Connections the socket server accepts; every pool served by it together must stay below this. */
export const EMBEDDED_MAX_CONNECTIONS = 16;

export interface EmbeddedPostgres {
  /** A `postgres://` URL that `pg` and TypeORM connect to. */
  readonly url: string;
  /** Where the files are, or null when the database lives in memory only. */
  readonly dataDir: string | null;
  stop(): Promise<void>;
}

/**
 * PostgreSQL in this process (PGlite, compiled to WebAssembly), served over a loopback port so
 * the same `pg` code runs on it as on a server. PGlite runs one transaction at a time and with
 * fsync off: it is for trying the product and for tests, never for records that matter.
 */
export async function startEmbeddedPostgres(dataDir: string | null): Promise<EmbeddedPostgres> {
  if (dataDir) mkdirSync(dataDir, { recursive: true });
  const db = dataDir ? await PGlite.create({ dataDir }) : await PGlite.create();
  const server = new PGLiteSocketServer({ db, host: '127.0.0.1', port: 0, maxConnections: EMBEDDED_MAX_CONNECTIONS });
  await server.start();
  const url = `postgres://postgres@${server.getServerConn()}/postgres`;
  return {
    url,
    dataDir,
    async stop() {
      await server.stop();
      await db.close();
    },
  };
}
