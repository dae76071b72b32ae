/** By default, at most this many failed authentications from one address within the window... */
export const FAILURES_ALLOWED = 30;
export const FAILURE_WINDOW_MS = 5 * 60_000;
/** ...then every request from it that presents a key is refused (429) for this long. */
export const BLOCKED_FOR_MS = 5 * 60_000;
/** Addresses remembered at once; the oldest are forgotten first, so a flood of addresses cannot grow it without bound. */
const MAX_ADDRESSES = 10_000;

interface Tally {
  failures: number;
  windowEndsAt: number;
  blockedUntil: number;
}

/**
 * Failed authentications per client address, so guessing keys is slow and cheap to refuse.
 * It counts failures, not requests: a council's office often reaches the service from one
 * address, and its colleagues' good requests must not use up a limit (which is why this is not
 * a request-rate throttler). A person who mistypes a key a few times is never blocked.
 */
export class FailedAuthentications {
  private readonly tallies = new Map<string, Tally>();

  /** `allowed`: failures within the window before an address is refused; 0 refuses none. */
  constructor(
    private readonly allowed: number = FAILURES_ALLOWED,
    private readonly now: () => number = Date.now,
  ) {}

  /** Milliseconds until the address may try again, or 0 when it is not blocked. */
  blockedFor(address: string): number {
    const tally = this.tallies.get(address);
    return tally ? Math.max(0, tally.blockedUntil - this.now()) : 0;
  }

  /** Counts a failure; true when this one blocks the address. */
  fail(address: string): boolean {
    const now = this.now();
    let tally = this.tallies.get(address);
    if (!tally || tally.windowEndsAt <= now) {
      tally = { failures: 0, windowEndsAt: now + FAILURE_WINDOW_MS, blockedUntil: tally?.blockedUntil ?? 0 };
    }
    this.tallies.delete(address); // re-inserted last: the map's order is the order addresses were last seen
    this.tallies.set(address, tally);
    if (this.tallies.size > MAX_ADDRESSES) this.tallies.delete(this.tallies.keys().next().value!);
    tally.failures++;
    if (this.allowed === 0 || tally.failures < this.allowed) return false;
    tally.blockedUntil = now + BLOCKED_FOR_MS;
    tally.failures = 0;
    tally.windowEndsAt = now + FAILURE_WINDOW_MS;
    return true;
  }
}
