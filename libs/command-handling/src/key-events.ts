import { randomUUID } from 'node:crypto';
import { apiKeyDecider, apiKeyStreamId, type KeyRole } from '#domain';
import type { Actor } from '#event-store';
import type { CommandExecutor } from './command-executor.js';
import type { FoldedStreams } from './folded-streams.js';

/** Who gives or takes away a key, and why (the read store's KeyChange, by shape). */
interface KeyChange {
  actor: Actor;
  reason: string | null;
  origin: string;
}

/**
 * Records the issue and revocation of API keys as events on the key's own stream, through the one
 * command path, so an auditor sees who was given access, when, by whom and why, and when it ended.
 * The read store's ApiKeys calls it (as its KeyRecord) around its table.
 */
export class KeyEvents {
  constructor(
    private readonly executor: CommandExecutor,
    private readonly streams: FoldedStreams,
  ) {}

  async issued(
    key: { keyId: string; name: string; role: KeyRole; expiresAt: Date | null; childData: boolean },
    change: KeyChange,
  ): Promise<void> {
    await this.executor.execute(
      apiKeyDecider,
      {
        streamId: apiKeyStreamId(key.keyId),
        id: key.keyId,
        expectedRevision: 'new',
        reason: change.reason,
        command: {
          type: 'IssueApiKey',
          data: { ...key, expiresAt: key.expiresAt?.toISOString() ?? null },
        },
      },
      { actor: change.actor, commandId: null, correlationId: randomUUID(), origin: change.origin },
    );
  }

  async revoked(keyId: string, change: KeyChange): Promise<void> {
    const streamId = apiKeyStreamId(keyId);
    // Decided on the stream as it stands: a revocation is never refused for being late.
    const { head } = await this.streams.load(apiKeyDecider, streamId);
    await this.executor.execute(
      apiKeyDecider,
      {
        streamId,
        id: keyId,
        expectedRevision: head === null ? 'new' : head.revision,
        reason: change.reason,
        command: { type: 'RevokeApiKey', data: { keyId } },
      },
      { actor: change.actor, commandId: null, correlationId: randomUUID(), origin: change.origin },
    );
  }
}
