import { Column, Entity, PrimaryColumn } from 'typeorm';

/** The first response to a request sent with an Idempotency-Key, replayed to its retries. */
@Entity({ name: 'oversight_idempotency_records' })
export class IdempotencyRecordEntity {
  @PrimaryColumn({ name: 'actor_id', type: 'text' })
  actorId!: string;

  @PrimaryColumn({ type: 'text' })
  key!: string;

  /** SHA-256 of method, path and body: the same key with another request is refused. */
  @Column({ type: 'text' })
  fingerprint!: string;

  @Column({ type: 'integer' })
  status!: number;

  @Column({ type: 'jsonb' })
  body!: unknown;

  @Column({ type: 'jsonb' })
  headers!: Record<string, string>;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
