import { hash } from 'node:crypto';
import { canonicalJson } from '../event-hash.js';

/**
 * One link of the global chain: an event's place in global order, bound to its own hash and to
 * the link before it. Each event's hash covers its stream (the stream chain); the links cover the
 * whole store in position order, so a removed, inserted or reordered event anywhere breaks them,
 * a whole stream or a stream's last events included.
 */
export interface ChainLink {
  position: number;
  streamId: string;
  revision: number;
  eventHash: string;
  /** The previous link's hash; null for the first event of the store. */
  previousLinkHash: string | null;
  linkHash: string;
}

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

/**
 * Where a store keeps its global chain. The PostgreSQL stores (server and embedded) keep it in
 * `oversight_chain`; EventStoreDB has none (its adapter leaves `EventStore.chain` unset: see
 * docs/operating.md).
 */
export interface EventChain {
  /** The last link, or null when nothing is sealed yet. */
  head(): Promise<ChainLink | null>;
  /** Links after `after` (exclusive), in position order. */
  readLinks(options: { after: number; maxCount: number }): Promise<ChainLink[]>;
  /**
   * Appends `links` if the chain's head is still `after` (null: empty); false, writing nothing,
   * when another sealer has moved it.
   */
  seal(links: ChainLink[], after: ChainLink | null): Promise<boolean>;
}
