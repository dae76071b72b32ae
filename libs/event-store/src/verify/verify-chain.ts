import type { KeyObject } from 'node:crypto';
import { join } from 'node:path';
import { hashLink, linkOf, type ChainLink, type EventChain } from '../chain/chain-link.js';
import {
  checkpointFiles,
  checkpointSignatureHolds,
  keyIdOf,
  readCheckpoint,
  type CheckpointEntry,
} from '../chain/checkpoints.js';
import type { RecordedEvent } from '../event-envelope.js';
import type { EventStore } from '../event-store.port.js';

const PAGE = 2_000;

/** A place in global order where the store and the chain (or a checkpoint) disagree. */
export interface ChainProblem {
  position: number;
  streamId: string;
  revision: number;
  /** Null when the event is gone. */
  eventId: string | null;
  problem: string;
}

/** Events a chain or a checkpoint holds at the end whose events are gone. */
export interface MissingTail {
  from: number;
  to: number;
  count: number;
  /** The checkpoint file that signed the first of them (checkpoints only). */
  file?: string;
}

export interface CheckpointReport {
  files: number;
  /** The last checkpoint's position (0 with none). */
  position: number;
  /** Files that do not hold: signature, format, a file missing between two. */
  fileProblems: string[];
  firstDifference: ChainProblem | null;
  missingTail: MissingTail | null;
  /** Streams a checkpoint signed that hold no event now. */
  missingStreams: { streamId: string; revision: number; file: string }[];
  /** Streams that end before the revision a checkpoint signed. */
  shortStreams: { streamId: string; revision: number; signedRevision: number; file: string }[];
}

export interface ChainReport {
  events: number;
  sealed: number;
  /** The chain's last position when the check began. */
  sealedHead: number;
  /** Events after the sealed head, not sealed yet: not tampering (the service seals after commit). */
  unsealed: number;
  firstBroken: ChainProblem | null;
  missingTail: MissingTail | null;
  checkpoints: CheckpointReport | null;
}

/** Peeks one ahead of a sequence read in pages. */
class Ahead<T> {
  private items: T[] = [];
  private index = 0;
  private done = false;
  constructor(private readonly more: () => Promise<T[] | null>) {}
  async peek(): Promise<T | undefined> {
    while (this.index >= this.items.length && !this.done) {
      const next = await this.more();
      if (next === null) this.done = true;
      else {
        this.items = next;
        this.index = 0;
      }
    }
    return this.items[this.index];
  }
  async take(): Promise<T> {
    const item = await this.peek();
    this.index += 1;
    return item!;
  }
}

/** The entries of a directory's checkpoints in position order, each file's signature checked as it is opened. */
class SignedEntries {
  readonly fileProblems: string[] = [];
  readonly files: { file: string; position: number }[];
  private fileIndex = 0;
  private previousPosition = 0;

  constructor(
    private readonly dir: string,
    private readonly publicKey: KeyObject,
  ) {
    this.files = checkpointFiles(dir);
  }

  get lastPosition(): number {
    return this.files[this.files.length - 1]?.position ?? 0;
  }

  /** The next file's entries, null after the last; a file that does not hold gives none and is named. */
  async next(): Promise<(CheckpointEntry & { file: string })[] | null> {
    const found = this.files[this.fileIndex++];
    if (!found) return null;
    const { file, position } = found;
    try {
      const checkpoint = readCheckpoint(join(this.dir, file));
      if (!checkpointSignatureHolds(checkpoint, this.publicKey)) {
        const other = checkpoint.keyId !== keyIdOf(this.publicKey) ? ` (signed by key ${checkpoint.keyId})` : '';
        throw new Error(`its signature does not hold with this public key${other}: forged or altered`);
      }
      const last = checkpoint.entries[checkpoint.entries.length - 1];
      if (checkpoint.position !== position || !last || last[0] !== position || last[3] !== checkpoint.linkHash)
        throw new Error('its position, link and entries do not agree');
      if (checkpoint.previousPosition !== this.previousPosition)
        this.fileProblems.push(
          `${file}: follows the checkpoint at position ${checkpoint.previousPosition}, but the one before it in the directory is at ${this.previousPosition}: a checkpoint file is missing`,
        );
      this.previousPosition = position;
      return checkpoint.entries.map((entry) => Object.assign([...entry] as CheckpointEntry, { file }));
    } catch (error) {
      this.fileProblems.push(`${file}: ${(error as Error).message}`);
      this.previousPosition = position;
      return [];
    }
  }
}

/**
 * Walks the events in global order beside the chain's links (and the signed checkpoints'
 * entries, when given), recomputing each link from the events: every event up to the sealed head
 * must have its link, the links must follow one another, each over the event as stored. The
 * stream chains themselves are checked by verifyEventStore; this is what they cannot see
 * (a stream's last events removed, a whole stream removed, events reordered across streams).
 * A chain rewritten whole by someone with the owner's rights still holds here: the checkpoints,
 * kept outside the database and signed, are what catch that.
 */
export async function verifyChain(
  store: EventStore,
  chain: EventChain,
  checkpoints?: { dir: string; publicKey: KeyObject },
): Promise<ChainReport> {
  const sealedHead = (await chain.head())?.position ?? 0;
  let eventsAfter = 0;
  let eventsEnded = false;
  const events = new Ahead<RecordedEvent>(async () => {
    if (eventsEnded) return null;
    const page = await store.readAll({ after: eventsAfter, maxCount: PAGE });
    eventsAfter = page.lastPosition;
    if (page.isEnd) eventsEnded = true;
    return page.events.length > 0 || !eventsEnded ? page.events : null;
  });
  // Only the links sealed before the walk began: a service sealing beside it adds links over
  // events this walk's pages may already have passed, which would read as a missing tail. Every
  // event they cover was committed before it was sealed, so before the walk, and is read.
  let linksAfter = 0;
  const links = new Ahead<ChainLink>(async () => {
    const page = (await chain.readLinks({ after: linksAfter, maxCount: PAGE })).filter(
      (link) => link.position <= sealedHead,
    );
    if (page.length === 0) return null;
    linksAfter = page[page.length - 1]!.position;
    return page;
  });
  const signed = checkpoints ? new SignedEntries(checkpoints.dir, checkpoints.publicKey) : null;
  const entries = new Ahead<CheckpointEntry & { file: string }>(async () => (signed ? signed.next() : null));

  const report: ChainReport = {
    events: 0,
    sealed: 0,
    sealedHead,
    unsealed: 0,
    firstBroken: null,
    missingTail: null,
    checkpoints: null,
  };
  const signedReport: CheckpointReport | null = signed
    ? {
        files: signed.files.length,
        position: signed.lastPosition,
        fileProblems: signed.fileProblems,
        firstDifference: null,
        missingTail: null,
        missingStreams: [],
        shortStreams: [],
      }
    : null;
  /** Each stream's last revision in the store, and as the checkpoints signed it. */
  const heads = new Map<string, number>();
  const signedHeads = new Map<string, { revision: number; file: string }>();
  let recomputed: string | null = null;
  let previousStoredLink: string | null = null;
  /** Links (and signed entries) met with no event, not yet known to be a tail or a hole. */
  let goneLinks: ChainLink[] = [];
  let goneEntries: (CheckpointEntry & { file: string })[] = [];

  const goneProblem = (position: number, streamId: string, revision: number, where: string): ChainProblem => ({
    position,
    streamId,
    revision,
    eventId: null,
    problem: `the event ${where} at this position is gone: deleted, or moved`,
  });

  for (;;) {
    const [event, link, entry] = [await events.peek(), await links.peek(), await entries.peek()];
    const position = Math.min(event?.position ?? Infinity, link?.position ?? Infinity, entry ? entry[0] : Infinity);
    if (position === Infinity) break;
    const here = event?.position === position ? await events.take() : null;
    const sealedLink = link?.position === position ? await links.take() : null;
    const signedEntry = entry && entry[0] === position ? await entries.take() : null;

    if (here) {
      report.events += 1;
      heads.set(here.streamId, here.revision);
      recomputed = linkOf(here, recomputed).linkHash;
      // Something gone before an event still here is a hole, not a tail.
      if (goneLinks.length > 0) {
        const first = goneLinks[0]!;
        report.firstBroken ??= goneProblem(first.position, first.streamId, first.revision, 'sealed in the chain');
        goneLinks = [];
      }
      if (goneEntries.length > 0 && signedReport) {
        const gone = goneEntries[0]!;
        signedReport.firstDifference ??= goneProblem(gone[0], gone[1], gone[2], `signed in ${gone.file}`);
        goneEntries = [];
      }
    }

    if (sealedLink) {
      report.sealed += 1;
      if (!here) goneLinks.push(sealedLink);
      else if (!report.firstBroken) {
        const problem = linkProblem(here, sealedLink, previousStoredLink);
        if (problem) report.firstBroken = brokenAt(here, problem);
      }
      previousStoredLink = sealedLink.linkHash;
    } else if (here) {
      if (position < sealedHead)
        report.firstBroken ??= brokenAt(
          here,
          'the event is not in the chain though later ones are: written at this position after it was sealed',
        );
      else report.unsealed += 1;
    }

    if (signedReport) {
      if (signedEntry) {
        const [, streamId, revision, linkHash] = signedEntry;
        const file = signedEntry.file;
        signedHeads.set(streamId, { revision, file });
        if (!here) goneEntries.push(signedEntry);
        else if (!signedReport.firstDifference) {
          if (here.streamId !== streamId || here.revision !== revision)
            signedReport.firstDifference = brokenAt(
              here,
              `${file} signed stream ${streamId}, revision ${revision} at this position: events were moved or replaced`,
            );
          else if (linkHash !== recomputed)
            signedReport.firstDifference = brokenAt(
              here,
              `the event differs from the one signed in ${file}: it was edited (with the stream's hashes and the chain recomputed)`,
            );
        }
      } else if (here && position <= signedReport.position) {
        signedReport.firstDifference ??= brokenAt(
          here,
          'no checkpoint signed an event at this position: it was written here after they were',
        );
      }
    }
  }

  if (goneLinks.length > 0)
    report.missingTail = {
      from: goneLinks[0]!.position,
      to: goneLinks[goneLinks.length - 1]!.position,
      count: goneLinks.length,
    };
  if (signedReport) {
    if (goneEntries.length > 0)
      signedReport.missingTail = {
        from: goneEntries[0]![0],
        to: goneEntries[goneEntries.length - 1]![0],
        count: goneEntries.length,
        file: goneEntries[0]!.file,
      };
    for (const [streamId, { revision, file }] of signedHeads) {
      const now = heads.get(streamId);
      if (now === undefined) signedReport.missingStreams.push({ streamId, revision, file });
      else if (now < revision)
        signedReport.shortStreams.push({ streamId, revision: now, signedRevision: revision, file });
    }
    report.checkpoints = signedReport;
  }
  return report;
}

function brokenAt(event: RecordedEvent, problem: string): ChainProblem {
  return {
    position: event.position,
    streamId: event.streamId,
    revision: event.revision,
    eventId: event.eventId,
    problem,
  };
}

/** What is wrong with the stored link of `event`, or null. */
function linkProblem(event: RecordedEvent, link: ChainLink, previousLinkHash: string | null): string | null {
  if (link.streamId !== event.streamId || link.revision !== event.revision)
    return `the chain sealed stream ${link.streamId}, revision ${link.revision} at this position: events were moved or replaced`;
  if (link.eventHash !== event.hash)
    return "the event's hash differs from the one sealed in the chain: it was edited (and its stream's hashes recomputed)";
  if (link.previousLinkHash !== previousLinkHash)
    return 'its link does not follow the link before it: links were removed from the chain, or it was edited';
  if (link.linkHash !== hashLink(link)) return "its link's hash does not hold: the chain was edited";
  return null;
}
