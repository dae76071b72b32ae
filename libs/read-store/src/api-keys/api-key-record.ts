export const ROLES = ['manager', 'auditor', 'inspector', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/** An API key as kept (table oversight_api_keys): only its secret's SHA-256, so a copy of the table opens nothing. */
export interface ApiKeyRecord {
  id: string;
  name: string;
  role: Role;
  secretSha256: string;
  createdAt: Date;
  revokedAt: Date | null;
}
