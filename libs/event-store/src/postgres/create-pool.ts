import pg from 'pg';

/**
 * A `pg` pool that survives the server closing an idle connection (a restart, a terminated
 * backend): without an 'error' listener that event would bring the process down. The pool drops
 * the broken connection and opens a new one when next asked.
 */
export function createPool(config: pg.PoolConfig, onError: (error: Error) => void = () => undefined): pg.Pool {
  const pool = new pg.Pool(config);
  pool.on('error', onError);
  return pool;
}
