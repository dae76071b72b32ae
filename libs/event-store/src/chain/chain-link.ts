import { hash } from 'node:crypto';
import { canonicalJson } from '../event-hash.js';
import type { ChainLink, EventChain } from '../event-store.port.js';

export type { ChainLink, EventChain };

/** SHA-256 over canonicalJson of { eventHash, position, previousLinkHash, revision, streamId }. */
export function hashLink(link: Omit<ChainLink, 'linkHash'>): string {
  return hash(
    'sha256',
    canonicalJson({
      eventHash: link.eventHash,
      position: link.position,
      previousLinkHash: link.previousLinkHash,
      revision: link.revision,
      streamId: link.streamId,
    }),
    'hex',
  );
}

/** The link of `event` after `previous` (null: the first event of the store). */
export function linkOf(
  event: { position: number; streamId: string; revision: number; hash: string },
  previousLinkHash: string | null,
): ChainLink {
  const link = {
    position: event.position,
    streamId: event.streamId,
    revision: event.revision,
    eventHash: event.hash,
    previousLinkHash,
  };
  return { ...link, linkHash: hashLink(link) };
}
