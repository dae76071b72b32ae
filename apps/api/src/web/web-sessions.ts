import { randomBytes } from 'node:crypto';
import type { Clock } from '#command-handling';

/** A person signed in with their API key: kept on the server, named to the browser by a random id. */
export interface WebSession {
  id: string;
  /** The key the person signed in with: checked again on every request, so a revoked key ends the session at once. */
  apiKey: string;
  /** Sent with every form and checked on every POST. */
  csrfToken: string;
  startedAt: number;
  lastSeenAt: number;
  /** What the last form recorded, for the success banner of the next page shown (once). */
  flash?: string;
}

export const SESSION_COOKIE = 'oversight_session';

/**
 * Sessions of the web interface, in this process's memory: a restart signs everyone out, which
 * for a service used a few times a day costs less than a table of secrets. A session ends after
 * `idleMs` without a request and `absoluteMs` after it started, whichever comes first.
 */
export class WebSessions {
  private readonly sessions = new Map<string, WebSession>();

  constructor(
    private readonly clock: Clock,
    readonly idleMs = 30 * 60_000,
    readonly absoluteMs = 8 * 60 * 60_000,
    private readonly capacity = 10_000,
  ) {}

  start(apiKey: string): WebSession {
    const now = this.clock.now().getTime();
    const session: WebSession = {
      id: randomBytes(32).toString('base64url'),
      apiKey,
      csrfToken: randomBytes(32).toString('base64url'),
      startedAt: now,
      lastSeenAt: now,
    };
    this.sessions.set(session.id, session);
    // The oldest go first when there are too many: a flood of sign-ins cannot grow memory without bound.
    if (this.sessions.size > this.capacity) this.sessions.delete(this.sessions.keys().next().value!);
    return session;
  }

  /** The live session with this id, seen now; null when there is none or it has timed out. */
  find(id: string | undefined): WebSession | null {
    if (!id) return null;
    const session = this.sessions.get(id);
    if (!session) return null;
    const now = this.clock.now().getTime();
    if (now - session.lastSeenAt > this.idleMs || now - session.startedAt > this.absoluteMs) {
      this.sessions.delete(id);
      return null;
    }
    session.lastSeenAt = now;
    return session;
  }

  end(id: string | undefined): void {
    if (id) this.sessions.delete(id);
  }
}

/** The value of one cookie from the request's Cookie header. */
export function cookieOf(header: string | undefined, name: string): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const [key, ...value] = part.trim().split('=');
    if (key === name) return decodeURIComponent(value.join('='));
  }
  return undefined;
}
