import { createHash, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import type { DataSource } from 'typeorm';
import type { Actor } from '#event-store';
import { ApiKeyCache, type ApiKeyCaching } from './api-key-cache.js';
import { ROLES, type ApiKeyRecord, type Role } from './api-key-record.js';

/** Who a valid key belongs to: becomes the actor of every event the request appends. */
export interface KeyHolder {
  id: string;
  name: string;
  role: Role;
  /** May read child-level records' words (issue 21); an admin always may, whatever the key says. */
  childData: boolean;
}

export interface IssuedKey extends KeyHolder {
  /** The key itself, shown once: `ovk_<id>_<secret>`. */
  key: string;
  /** After this the key opens nothing; null: until revoked. */
  expiresAt: Date | null;
}

/** Who gives or takes away a key, and why: what the record of it names. */
export interface KeyChange {
  actor: Actor;
  reason: string | null;
  /** Where the change came from: `cli`, or `demo` for the demo keys the embedded store prints. */
  origin: string;
}

/**
 * Where every key's issue and revocation is recorded for good (the event store, through the
 * command path: libs/command-handling's KeyEvents). The keys table is what a check reads and can
 * be changed by its owner; this record is what an auditor reads, and is never changed.
 */
export interface KeyRecord {
  issued(
    key: { keyId: string; name: string; role: Role; expiresAt: Date | null; childData: boolean },
    change: KeyChange,
  ): Promise<void>;
  revoked(keyId: string, change: KeyChange): Promise<void>;
}

/** How long a refused key is answered without a query, and how many are remembered at once. */
const REFUSED_FOR_MS = 60_000;
const MAX_REFUSED = 10_000;

const KEY_FORMAT = /^ovk_([0-9a-f]{32})_([A-Za-z0-9_-]{43})$/;

const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest();

const sameHash = (given: Buffer, expected: Buffer) =>
  given.length === expected.length && timingSafeEqual(given, expected);

/** A key that passed a check: who holds it, and its secret's hash to check the next one against. */
interface CheckedKey {
  holder: Readonly<KeyHolder>;
  secretSha256: Buffer;
  /** Milliseconds since the epoch; Infinity for a key that does not expire. */
  expiresAt: number;
}

/**
 * Creates, revokes and checks API keys. Keys are 256 random bits, so a plain SHA-256 is enough to
 * keep them (a slow password hash guards guessable secrets, which these are not). Checks query
 * the database every time, unless the ApiKeys was made by keepingChecked (the service's, one for
 * its life; the CLI, short-lived, never keeps any).
 */
export class ApiKeys {
  /**
   * Keys refused lately (unknown, revoked, or the wrong secret), by the SHA-256 of the whole key,
   * with when each is forgotten: a client retrying a bad key costs no query. Only while keeping
   * checked keys (the service); a key is never refused here that the database would let in, as
   * ids are random and a revoked key never comes back.
   */
  private readonly refused = new Map<string, number>();

  constructor(
    private readonly dataSource: DataSource,
    private readonly record: KeyRecord,
    private readonly checked: ApiKeyCache<CheckedKey> | null = null,
  ) {}

  /**
   * An ApiKeys that keeps the keys it has checked in memory and answers a key already checked
   * without a query, as `caching` allows (see ApiKeyCache for when nothing is answered from
   * memory), until it is closed. Revoke through it, so its own checks stop at once.
   */
  static async keepingChecked(dataSource: DataSource, record: KeyRecord, caching: ApiKeyCaching): Promise<ApiKeys> {
    const cache = new ApiKeyCache<CheckedKey>(caching);
    await cache.start();
    return new ApiKeys(dataSource, record, cache);
  }

  /** Stops keeping keys (and listening for revocations elsewhere). */
  async close(): Promise<void> {
    await this.checked?.close();
  }

  /**
   * Issues a key: recorded first, then written to the table, so no key opens anything that the
   * record does not name (a failure between the two leaves a record of a key nobody was shown).
   */
  async create(
    name: string,
    role: Role,
    change: KeyChange,
    expiresAt: Date | null = null,
    childData = false,
  ): Promise<IssuedKey> {
    if (!name.trim()) throw new Error('A key needs a name');
    if (!ROLES.includes(role)) throw new Error(`Unknown role "${role}": one of ${ROLES.join(', ')}`);
    const id = randomUUID().replace(/-/g, '');
    const secret = randomBytes(32).toString('base64url');
    await this.record.issued({ keyId: id, name: name.trim(), role, expiresAt, childData }, change);
    await this.dataSource.query(
      `INSERT INTO oversight_api_keys (id, name, role, secret_sha256, created_at, revoked_at, expires_at, child_data)
       VALUES ($1, $2, $3, $4, $5, NULL, $6, $7)`,
      [id, name.trim(), role, sha256(secret).toString('hex'), new Date(), expiresAt, childData],
    );
    return {
      id,
      name: name.trim(),
      role,
      childData: childData || role === 'admin',
      key: `ovk_${id}_${secret}`,
      expiresAt,
    };
  }

  /**
   * Revokes a key by id; false when there is no such live key (and nothing is recorded). The
   * table first, so the key stops opening anything whatever happens to the record; recording
   * twice records once, so running it again after a failure completes the record.
   */
  async revoke(id: string, change: KeyChange): Promise<boolean> {
    let outcome: { revoked: boolean; known: boolean } | undefined;
    try {
      // The table's trigger NOTIFYs in the UPDATE's transaction, so the notice leaves with its
      // commit and never without it: no listener hears of a revocation that did not commit, nor
      // misses one that did. (PostgreSQL commits notifying transactions one at a time, which
      // appends avoid; revocations are rare.) `known` is read in the same statement: the key's row,
      // revoked now or before.
      [outcome] = await this.dataSource.query<{ revoked: boolean; known: boolean }[]>(
        `WITH revoked AS (UPDATE oversight_api_keys SET revoked_at = $2 WHERE id = $1 AND revoked_at IS NULL RETURNING id)
         SELECT EXISTS (SELECT 1 FROM revoked) AS revoked,
                EXISTS (SELECT 1 FROM oversight_api_keys WHERE id = $1) AS known`,
        [id, new Date()],
      );
    } finally {
      // This process's checks stop at once, not when the NOTIFY comes back; and whatever the
      // outcome, as a failed commit may still have revoked it.
      this.checked?.drop(id);
    }
    // A key revoked in the table before (by hand, or by a run whose record failed) is recorded now.
    if (outcome!.known) await this.record.revoked(id, change);
    return outcome!.revoked;
  }

  async list(): Promise<ApiKeyRecord[]> {
    return this.dataSource.query<ApiKeyRecord[]>(
      `SELECT id, name, role, secret_sha256 AS "secretSha256", created_at AS "createdAt", revoked_at AS "revokedAt",
              expires_at AS "expiresAt", child_data AS "childData"
         FROM oversight_api_keys ORDER BY created_at, id`,
    );
  }

  /** The holder of a live key, or null for a malformed, unknown, revoked or expired one. */
  async authenticate(key: string): Promise<KeyHolder | null> {
    const match = KEY_FORMAT.exec(key);
    if (!match) return null;
    const [, id, secret] = match as unknown as [string, string, string];
    const given = sha256(secret);
    const cache = this.checked;
    const checked = cache?.get(id);
    // An id's secret never changes, so a wrong one for a key kept is refused without a query.
    if (checked) return sameHash(given, checked.secretSha256) && checked.expiresAt > Date.now() ? checked.holder : null;
    // Only a key not kept can have been refused lately (a revoked one is no longer kept): every
    // request with a kept key is spared hashing the whole key a second time.
    const whole = cache ? sha256(key).toString('base64') : '';
    if (cache && (this.refused.get(whole) ?? 0) > Date.now()) return null;
    const ticket = cache?.ticket() ?? 0;
    // The database's clock judges expiry, as it does every other time kept in the table.
    const [stored] = await this.dataSource.query<
      { id: string; name: string; role: Role; secret_sha256: string; expires_at: Date | null; child_data: boolean }[]
    >(
      `SELECT id, name, role, secret_sha256, expires_at, child_data FROM oversight_api_keys
        WHERE id = $1 AND revoked_at IS NULL AND (expires_at IS NULL OR expires_at > now())`,
      [id],
    );
    if (!stored) return this.refuse(whole);
    const expected = Buffer.from(stored.secret_sha256, 'hex');
    if (!sameHash(given, expected)) return this.refuse(whole);
    // Frozen: the same holder answers later requests, so no caller may change it.
    const holder = Object.freeze({
      id: stored.id,
      name: stored.name,
      role: stored.role,
      childData: stored.child_data || stored.role === 'admin',
    });
    cache?.keep(id, { holder, secretSha256: expected, expiresAt: stored.expires_at?.getTime() ?? Infinity }, ticket);
    return holder;
  }

  /** Remembers a refused key for REFUSED_FOR_MS (while keeping checked keys); answers null. */
  private refuse(whole: string): null {
    if (!this.checked) return null;
    this.refused.delete(whole);
    this.refused.set(whole, Date.now() + REFUSED_FOR_MS);
    if (this.refused.size > MAX_REFUSED) this.refused.delete(this.refused.keys().next().value!);
    return null;
  }
}
