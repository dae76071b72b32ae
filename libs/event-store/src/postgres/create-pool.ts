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

/** Limits on a server pool's connections, so a stuck database or a forgotten transaction cannot hold the service. */
export interface PoolLimits {
  /** How long to wait for a connection (the server down, or every connection busy). */
  connectionTimeoutMs: number;
  /** The longest one statement may run; 0: no limit. */
  statementTimeoutMs: number;
  /** The server closes a connection left this long inside a transaction, releasing its locks; 0: never. */
  idleInTransactionTimeoutMs: number;
}

/** The `pg` settings that carry the limits (the last two are sent as the session's own settings when it connects). */
export function poolLimitSettings(limits: PoolLimits | undefined): pg.PoolConfig {
  if (!limits) return {};
  return {
    connectionTimeoutMillis: limits.connectionTimeoutMs,
    ...(limits.statementTimeoutMs > 0 ? { statement_timeout: limits.statementTimeoutMs } : {}),
    ...(limits.idleInTransactionTimeoutMs > 0
      ? { idle_in_transaction_session_timeout: limits.idleInTransactionTimeoutMs }
      : {}),
  };
}
