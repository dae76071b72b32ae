import pg from 'pg';

/**
 * How the service may keep the keys it has checked, which its owner decides by what can revoke a
 * key while it runs:
 * - `in-process`: only this process. The embedded store's data directory is locked to the process
 *   that opened it (lockDataDir in connect-event-store.ts), so `oversight keys revoke` is refused
 *   while the service runs, and every revocation goes through an ApiKeys on this DataSource.
 * - `listen`: any process. On a PostgreSQL server `oversight keys revoke` runs elsewhere; its NOTIFY
 *   on API_KEYS_CHANNEL is heard by a LISTEN connection to `url` (the read database's).
 */
export type ApiKeyCaching = { kind: 'in-process' } | { kind: 'listen'; url: string };

/**
 * Every change to the keys table NOTIFYs here, with the key's id, in the transaction that makes it:
 * a trigger sends it (migration 1796060000000), so a revocation by hand in SQL is heard as one by
 * `oversight keys revoke` is. A TRUNCATE notifies with no id: everything kept is dropped.
 */
export const API_KEYS_CHANNEL = 'oversight_api_keys';

/** The listener's application_name, which names it in pg_stat_activity. */
export const API_KEYS_LISTENER_NAME = 'oversight-api-keys-listener';

/** Keys kept at most; the oldest checked goes first, and costs one query to come back. */
const MAX_ENTRIES = 10_000;
/** A key kept longer than this is checked against the database again, whatever was heard meanwhile. */
export const KEPT_FOR_MS = 60_000;
const RECONNECT_DELAY_MS = 1_000;
/** The listener asks the server something this often: a connection that went silent is found within two of these. */
const HEARTBEAT_MS = 2_000;

/**
 * Keys already checked, by id, consulted only while nothing revoked can be in them. With a
 * listener that is while its LISTEN connection is up: when it errors, ends or stops answering,
 * everything kept is dropped and nothing is answered from memory until a new connection is
 * listening, which clears it again (a key revoked while nobody listened was never heard of).
 *
 * What remains: a revocation in another process is heard when its NOTIFY arrives, milliseconds
 * after its commit; a request checked in between is still let in. A connection that goes silent
 * without closing (a network partition) is noticed within two heartbeats, about four seconds.
 *
 * What it keeps is the caller's (ApiKeys keeps a key's holder and its secret's hash).
 */
export class ApiKeyCache<Entry> {
  private readonly entries = new Map<string, { entry: Entry; keptAt: number }>();
  /**
   * Moved by every drop and clear. A check keeps what it read only if the generation did not move
   * while it read: otherwise the key may have been revoked after the read and dropped before it
   * was kept.
   */
  private generation = 0;
  private serving: boolean;
  private listener: pg.Client | null = null;
  private reconnect: NodeJS.Timeout | null = null;
  private heartbeat: NodeJS.Timeout | null = null;
  private closed = false;

  constructor(
    private readonly caching: ApiKeyCaching,
    private readonly now: () => number = Date.now,
  ) {
    this.serving = caching.kind === 'in-process';
  }

  /**
   * Serves at once in-process; with a listener, once its first LISTEN is up. That failing stops
   * nothing: every check queries until a retry listens.
   */
  async start(): Promise<void> {
    if (this.caching.kind === 'listen') await this.listen(this.caching.url);
  }

  /** A key kept within the last KEPT_FOR_MS, while nothing revoked can be kept. */
  get(id: string): Entry | undefined {
    if (!this.serving) return undefined;
    const kept = this.entries.get(id);
    if (!kept) return undefined;
    if (this.now() - kept.keptAt < KEPT_FOR_MS) return kept.entry;
    this.entries.delete(id);
    return undefined;
  }

  /** Taken before a check reads the database; `keep` needs it back. */
  ticket(): number {
    return this.generation;
  }

  keep(id: string, entry: Entry, ticket: number): void {
    if (!this.serving || ticket !== this.generation) return;
    if (this.entries.size >= MAX_ENTRIES && !this.entries.has(id))
      this.entries.delete(this.entries.keys().next().value!);
    this.entries.delete(id); // re-inserted last: the map's order is the order keys were kept
    this.entries.set(id, { entry, keptAt: this.now() });
  }

  drop(id: string): void {
    this.generation++;
    this.entries.delete(id);
  }

  async close(): Promise<void> {
    this.closed = true;
    this.stopServing();
    if (this.reconnect) clearTimeout(this.reconnect);
    const listener = this.listener;
    this.listener = null;
    if (listener) await listener.end().catch(() => undefined);
  }

  private clear(): void {
    this.generation++;
    this.entries.clear();
  }

  private stopServing(): void {
    this.serving = false;
    this.clear();
    if (this.heartbeat) clearInterval(this.heartbeat);
    this.heartbeat = null;
  }

  private async listen(url: string): Promise<void> {
    this.reconnect = null;
    if (this.closed) return;
    const client = new pg.Client({ connectionString: url, application_name: API_KEYS_LISTENER_NAME, keepAlive: true });
    this.listener = client;
    client.on('error', () => this.lost(client));
    client.on('end', () => this.lost(client));
    client.on('notification', (message) => {
      if (this.listener !== client) return;
      if (message.payload) this.drop(message.payload);
      else this.clear(); // not a revocation this code sends: trust nothing kept
    });
    try {
      await client.connect();
      await client.query(`LISTEN ${API_KEYS_CHANNEL}`);
    } catch {
      this.lost(client);
      return;
    }
    if (this.listener !== client) return; // lost or closed while connecting
    // Anything kept, or read by a check still on its way, before this connection listened may
    // have been revoked unheard: clearing moves the generation, so those checks keep nothing.
    this.clear();
    this.serving = true;
    let answered = true;
    this.heartbeat = setInterval(() => {
      if (!answered) return this.lost(client);
      answered = false;
      client.query('SELECT 1').then(
        () => (answered = true),
        () => this.lost(client),
      );
    }, HEARTBEAT_MS).unref();
  }

  /** The listener's connection failed, ended or went silent: nothing kept can be trusted until another listens. */
  private lost(client: pg.Client): void {
    if (this.listener !== client) return;
    this.listener = null;
    this.stopServing();
    void client.end().catch(() => undefined);
    if (this.closed || this.caching.kind !== 'listen') return;
    const url = this.caching.url;
    this.reconnect = setTimeout(() => void this.listen(url), RECONNECT_DELAY_MS).unref();
  }
}
