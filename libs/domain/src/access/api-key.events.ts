import type { IsoDateTime } from '../values.js';

/** The roles a key can carry: what its holder may see and change. */
export const KEY_ROLES = ['manager', 'auditor', 'inspector', 'admin'] as const;
export type KeyRole = (typeof KEY_ROLES)[number];

/**
 * A key was given to someone. Only who holds it and what it allows are recorded: its secret (and
 * the secret's hash) stay in the keys table, since the event store keeps everything for ever.
 */
export type ApiKeyIssued = {
  type: 'ApiKeyIssued';
  /**
   * `childData`: the key may read child-level records' words (issue 21). Absent on keys issued
   * before it existed, which read as false; admins may whatever it says.
   */
  data: { keyId: string; name: string; role: KeyRole; expiresAt: IsoDateTime | null; childData?: boolean };
};

/** The key stops opening anything, from the moment this is recorded. */
export type ApiKeyRevoked = { type: 'ApiKeyRevoked'; data: { keyId: string } };

export type ApiKeyEvent = ApiKeyIssued | ApiKeyRevoked;

export const apiKeyStreamId = (keyId: string): string => `api-key-${keyId}`;
