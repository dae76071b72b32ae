import type { StreamHead } from '../event-store.port.js';
import type { PreparedEvent } from '../prepare-append.js';

/** One single-event append: the event as prepared, and the head it follows (null for a new stream). */
export interface OneAppend {
  event: PreparedEvent;
  head: StreamHead | null;
}

interface Waiting extends OneAppend {
  resolve(first: number): void;
  reject(error: unknown): void;
}

/** How an append goes to the server: alone, or several at once in one statement; each answers the first position. */
export interface GroupWrites {
  one(append: OneAppend): Promise<number>;
  group(appends: readonly OneAppend[]): Promise<number>;
}

/** A group holds at most this many appends: a statement of bounded size, and a bounded wait for its last. */
export const MAX_APPEND_GROUP = 32;

/**
 * Group commit for single-event appends (nearly every command's), on a server: while fewer than
 * `maxInFlight` are at the server, an append goes alone, at once, so one writer at a time waits
 * for nothing; beyond that, appends wait for the next to finish and then go together, one
 * statement and one commit for the group (oversight_append_group). Many writers at once then share
 * the work of a commit, which a single-row commit pays in full (bench/README.md, the round of
 * 2026-12-06). Each append still answers only once its own event is committed.
 *
 * A group lands whole or not at all. Refused by the server (a head that moved, a command already
 * handled, a revision another process took: the transaction rolled back, nothing written), each
 * of its appends is sent again alone, so each caller gets the answer it would have had alone and
 * the others land. A failure with no answer from the server (a connection lost) is every
 * append's: whether the commit happened is not known, as for an append alone. A group's appends
 * go in stream order, so two groups naming the same streams take their locks in the same order.
 */
export class AppendGroups {
  private inFlight = 0;
  private readonly waiting: Waiting[] = [];

  constructor(
    private readonly writes: GroupWrites,
    private readonly maxInFlight: number,
  ) {
    if (!Number.isInteger(maxInFlight) || maxInFlight < 1)
      throw new RangeError(`maxInFlight must be a whole number of at least 1, not ${maxInFlight}`);
  }

  /** Writes the append, alone or in a group; its event's position. */
  write(append: OneAppend): Promise<number> {
    if (this.inFlight < this.maxInFlight) return this.alone(append);
    return new Promise<number>((resolve, reject) => this.waiting.push({ ...append, resolve, reject }));
  }

  private async alone(append: OneAppend): Promise<number> {
    this.inFlight += 1;
    try {
      return await this.writes.one(append);
    } finally {
      this.inFlight -= 1;
      this.sendWaiting();
    }
  }

  private sendWaiting(): void {
    while (this.inFlight < this.maxInFlight && this.waiting.length > 0) {
      void this.together(this.waiting.splice(0, MAX_APPEND_GROUP));
    }
  }

  private async together(group: Waiting[]): Promise<void> {
    this.inFlight += 1;
    try {
      if (group.length === 1) {
        await settle(group[0]!, this.writes.one(group[0]!));
        return;
      }
      group.sort((a, b) => (a.event.streamId < b.event.streamId ? -1 : a.event.streamId > b.event.streamId ? 1 : 0));
      try {
        const first = await this.writes.group(group);
        group.forEach((append, n) => append.resolve(first + n));
      } catch (error) {
        if (!answeredByServer(error)) {
          for (const append of group) append.reject(error);
          return;
        }
        await Promise.all(group.map((append) => settle(append, this.writes.one(append))));
      }
    } finally {
      this.inFlight -= 1;
      this.sendWaiting();
    }
  }
}

function settle(append: Waiting, written: Promise<number>): Promise<void> {
  return written.then(append.resolve, append.reject);
}

/** An error with a SQLSTATE is the server's answer: its transaction rolled back, nothing of it written. */
export function answeredByServer(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code);
}
