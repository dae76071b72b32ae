import { createHash, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import { IsNull, type DataSource, type Repository } from 'typeorm';
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

const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

/**
 * Creates, revokes and checks API keys. Keys are 256 random bits, so a plain SHA-256 is enough to
 * keep them (a slow password hash guards guessable secrets, which these are not).
 */
export class ApiKeys {
  private readonly keys: Repository<ApiKeyEntity>;

  constructor(private readonly dataSource: DataSource) {
    this.keys = dataSource.getRepository(ApiKeyEntity);
  }

  async create(name: string, role: Role): Promise<IssuedKey> {
    if (!name.trim()) throw new Error('A key needs a name');
    if (!ROLES.includes(role)) throw new Error(`Unknown role "${role}": one of ${ROLES.join(', ')}`);
    const id = randomUUID().replace(/-/g, '');
    const secret = randomBytes(32).toString('base64url');
    await this.keys.insert({ id, name: name.trim(), role, secretSha256: sha256(secret), createdAt: new Date(), revokedAt: null });
    return { id, name: name.trim(), role, key: `ovk_${id}_${secret}` };
  }

  /** Revokes a key by id; false when there is no such live key. */
  async revoke(id: string): Promise<boolean> {
    const result = await this.keys.update({ id, revokedAt: IsNull() }, { revokedAt: new Date() });
    return (result.affected ?? 0) > 0;
  }

  async list(): Promise<ApiKeyEntity[]> {
    return this.keys.find({ order: { createdAt: 'ASC' } });
  }

  /** The holder of a live key, or null for a malformed, unknown or revoked one. */
  async authenticate(key: string): Promise<KeyHolder | null> {
    const match = KEY_FORMAT.exec(key);
    if (!match) return null;
    const [, id, secret] = match as unknown as [string, string, string];
    // Every request asks this, so plain SQL rather than the repository's query builder; a revoked
    // key is refused from the next request on, so nothing is cached.
    const [stored] = await this.dataSource.query<{ id: string; name: string; role: Role; secret_sha256: string }[]>(
      'SELECT id, name, role, secret_sha256 FROM oversight_api_keys WHERE id = $1 AND revoked_at IS NULL',
      [id],
    );
    if (!stored) return null;
    const given = Buffer.from(sha256(secret), 'hex');
    const expected = Buffer.from(stored.secret_sha256, 'hex');
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
    return { id: stored.id, name: stored.name, role: stored.role };
  }
}
