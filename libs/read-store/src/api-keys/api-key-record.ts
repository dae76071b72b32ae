import { KEY_ROLES, type KeyRole } from '#domain';

export const ROLES = KEY_ROLES;
export type Role = KeyRole;

/** An API key as kept (table oversight_api_keys): only its secret's SHA-256, so a copy of the table opens nothing. */
export interface ApiKeyRecord {
  id: string;
  name: string;
  role: Role;
  secretSha256: string;
  createdAt: Date;
  revokedAt: Date | null;
  /** After this the key opens nothing; null: until revoked. */
  expiresAt: Date | null;
  /** The key may read child-level records' words (admins may whatever this says). */
  childData: boolean;
}
