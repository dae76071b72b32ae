import { createHash, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import type { DataSource, Repository } from 'typeorm';
import { API_KEYS_CHANNEL, ApiKeyCache, type ApiKeyCaching } from './api-key-cache.js';
import { ApiKeyEntity, ROLES, type Role } from './api-key.entity.js';

/** Who a valid key belongs to: becomes the actor of every event the request appends. */
export interface KeyHolder {
  id: string;
  name: string;
  role: Role;
}

export interface IssuedKey extends KeyHolder {
  /** The key itself, shown once: `ovk_<id>_<secret>`. */
  key: string;
}

const KEY_FORMAT = /^ovk_([0-9a-f]{32})_([A-Za-z0-9_-]{43})$/;

const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest();

const sameHash = (given: Buffer, expected: Buffer) =>
  given.length === expected.length && timingSafeEqual(given, expected);

/** A key that passed a check: who holds it, and its secret's hash to check the next one against. */
interface CheckedKey {
  holder: Readonly<KeyHolder>;
  secretSha256: Buffer;
}

/**
 * The keys kept for each DataSource whose owner asked (keepChecked), shared by every ApiKeys on
 * it: one that revokes must drop what another kept (the service authenticates with one instance;
 * its demo keys and the tests revoke with others).
 */
const caches = new WeakMap<DataSource, ApiKeyCache<CheckedKey>>();

/**
 * Creates, revokes and checks API keys. Keys are 256 random bits, so a plain SHA-256 is enough to
 * keep them (a slow password hash guards guessable secrets, which these are not). Checks query
 * the database every time unless the DataSource's owner has called keepChecked (the service does;
 * the CLI, short-lived, never does).
 */
export class ApiKeys {
  private readonly keys: Repository<ApiKeyEntity>;

  constructor(private readonly dataSource: DataSource) {
    this.keys = dataSource.getRepository(ApiKeyEntity);
  }

  /**
   * From now until the returned close, keys checked by any ApiKeys on this DataSource are kept in
   * memory and a key already checked is answered without a query, as `caching` allows (see
   * ApiKeyCache for when nothing is answered from memory).
   */
  static async keepChecked(dataSource: DataSource, caching: ApiKeyCaching): Promise<{ close(): Promise<void> }> {
    if (caches.has(dataSource)) throw new Error('Checked API keys are kept for this database already');
    const cache = new ApiKeyCache<CheckedKey>(caching);
    caches.set(dataSource, cache);
    try {
      await cache.start();
    } catch (error) {
      caches.delete(dataSource);
      throw error;
    }
    return {
      async close() {
        if (caches.get(dataSource) === cache) caches.delete(dataSource);
        await cache.close();
      },
    };
  }

  async create(name: string, role: Role): Promise<IssuedKey> {
    if (!name.trim()) throw new Error('A key needs a name');
    if (!ROLES.includes(role)) throw new Error(`Unknown role "${role}": one of ${ROLES.join(', ')}`);
    const id = randomUUID().replace(/-/g, '');
    const secret = randomBytes(32).toString('base64url');
    await this.keys.insert({
      id,
      name: name.trim(),
      role,
      secretSha256: sha256(secret).toString('hex'),
      createdAt: new Date(),
      revokedAt: null,
    });
    return { id, name: name.trim(), role, key: `ovk_${id}_${secret}` };
  }

  /** Revokes a key by id; false when there is no such live key. */
  async revoke(id: string): Promise<boolean> {
    try {
      // One statement, so the NOTIFY leaves with the UPDATE's commit and never without it: no
      // listener hears of a revocation that did not commit, nor misses one that did. (PostgreSQL
      // commits notifying transactions one at a time, which appends avoid; revocations are rare.)
      const revoked = await this.dataSource.query<{ id: string }[]>(
        `WITH revoked AS (UPDATE oversight_api_keys SET revoked_at = $2 WHERE id = $1 AND revoked_at IS NULL RETURNING id)
         SELECT id, pg_notify('${API_KEYS_CHANNEL}', id) FROM revoked`,
        [id, new Date()],
      );
      return revoked.length > 0;
    } finally {
      // This process's checks stop at once, not when the NOTIFY comes back; and whatever the
      // outcome, as a failed commit may still have revoked it.
      caches.get(this.dataSource)?.drop(id);
    }
  }

  async list(): Promise<ApiKeyEntity[]> {
    return this.keys.find({ order: { createdAt: 'ASC' } });
  }

  /** The holder of a live key, or null for a malformed, unknown or revoked one. */
  async authenticate(key: string): Promise<KeyHolder | null> {
    const match = KEY_FORMAT.exec(key);
    if (!match) return null;
    const [, id, secret] = match as unknown as [string, string, string];
    const given = sha256(secret);
    const cache = caches.get(this.dataSource);
    const checked = cache?.get(id);
    // An id's secret never changes, so a wrong one for a key kept is refused without a query.
    if (checked) return sameHash(given, checked.secretSha256) ? checked.holder : null;
    const ticket = cache?.ticket() ?? 0;
    // Every request not answered from memory asks this, so plain SQL rather than the repository's query builder.
    const [stored] = await this.dataSource.query<{ id: string; name: string; role: Role; secret_sha256: string }[]>(
      'SELECT id, name, role, secret_sha256 FROM oversight_api_keys WHERE id = $1 AND revoked_at IS NULL',
      [id],
    );
    if (!stored) return null;
    const expected = Buffer.from(stored.secret_sha256, 'hex');
    if (!sameHash(given, expected)) return null;
    // Frozen: the same holder answers later requests, so no caller may change it.
    const holder = Object.freeze({ id: stored.id, name: stored.name, role: stored.role });
    cache?.keep(id, { holder, secretSha256: expected }, ticket);
    return holder;
  }
}
