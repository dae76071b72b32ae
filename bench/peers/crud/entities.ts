import { Column, CreateDateColumn, Entity, Index, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';

/**
 * The conventional build's tables: the action row updated in place (its `version` column is the
 * optimistic-concurrency token the ETag carries), an audit row per change, and the API keys.
 */
@Entity({ name: 'actions' })
export class ActionRow {
  @PrimaryColumn('uuid')
  id!: string;

  @Column('uuid', { name: 'plan_id' })
  planId!: string;

  @Column('text', { nullable: true })
  ref!: string | null;

  @Column('text')
  description!: string;

  @Column('text', { nullable: true })
  owner!: string | null;

  @Column('text', { name: 'rag_status', nullable: true })
  ragStatus!: string | null;

  @Column('integer')
  version!: number;

  @Column('timestamptz', { name: 'updated_at' })
  updatedAt!: Date;
}

@Entity({ name: 'audit_log' })
@Index(['actionId', 'at'])
export class AuditLogRow {
  @PrimaryGeneratedColumn('identity', { type: 'bigint' })
  id!: string;

  @Column('uuid', { name: 'action_id' })
  actionId!: string;

  @Column('text')
  change!: string;

  @Column('jsonb')
  before!: Record<string, unknown>;

  @Column('jsonb')
  after!: Record<string, unknown>;

  @Column('text', { name: 'actor_id' })
  actorId!: string;

  @Column('text', { name: 'actor_name' })
  actorName!: string;

  @Column('text', { nullable: true })
  reason!: string | null;

  @Column('text')
  origin!: string;

  @Column('uuid', { name: 'correlation_id' })
  correlationId!: string;

  @Column('integer')
  version!: number;

  @CreateDateColumn({ type: 'timestamptz' })
  at!: Date;
}

@Entity({ name: 'api_keys' })
export class ApiKeyRow {
  @PrimaryColumn('text')
  id!: string;

  @Column('text')
  name!: string;

  @Column('text')
  role!: string;

  @Index({ unique: true })
  @Column('text', { name: 'secret_sha256' })
  secretSha256!: string;

  @Column('timestamptz', { name: 'revoked_at', nullable: true })
  revokedAt!: Date | null;
}
