import { Column, Entity, PrimaryColumn } from 'typeorm';

export const ROLES = ['manager', 'auditor', 'inspector', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/** An API key: only its SHA-256 is kept, so a copy of the table opens nothing. */
@Entity({ name: 'oversight_api_keys' })
export class ApiKeyEntity {
  @PrimaryColumn({ type: 'text' })
  id!: string;

  @Column({ type: 'text' })
  name!: string;

  @Column({ type: 'text' })
  role!: Role;

  @Column({ name: 'secret_sha256', type: 'text', unique: true })
  secretSha256!: string;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column({ name: 'revoked_at', type: 'timestamptz', nullable: true })
  revokedAt!: Date | null;
}
