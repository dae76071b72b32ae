import { HttpException, HttpStatus, Inject, Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request, Response } from 'express';
import type { Actor } from '#event-store';
import { ApiKeys, ROLES, type KeyHolder, type Role } from '#read-store';
import { problem } from '../http/problem.js';
import { cookieOf, SESSION_COOKIE, WebSessions, type WebSession } from '../web/web-sessions.js';
import { logSecurityEvent } from '../http/access-log.js';
import { ALLOWED_ROLES, PUBLIC_ROUTE } from './auth.decorators.js';
import { FailedAuthentications } from './failed-authentications.js';

const WRITERS: readonly Role[] = ['manager', 'admin'];
const READ_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * The actor a request carries: who (as every event records them) and whether their key may read
 * child-level words (read by the service's ChildDataReadModels; never written into an event).
 */
export type RequestActor = Actor & { childData: boolean };
const readerOf = (holder: KeyHolder): RequestActor => ({
  id: holder.id,
  name: holder.name,
  role: holder.role,
  childData: holder.childData,
});

/** The key from `Authorization: Bearer <key>` or `X-API-Key: <key>`. */
export function presentedKey(request: Request): string | null {
  const authorization = request.header('authorization');
  if (authorization) {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization);
    return match ? match[1]! : '';
  }
  return request.header('x-api-key') ?? null;
}

/**
 * The CSRF token a session's POST carries: the form's `_csrf` field; for a multipart form (an
 * upload, whose body is read by its route after this guard) the `X-CSRF-Token` header or a `_csrf`
 * in the form's address instead.
 */
function csrfTokenOf(request: Request): unknown {
  if (request.is('multipart/form-data'))
    return (
      request.header('x-csrf-token') ?? (typeof request.query._csrf === 'string' ? request.query._csrf : undefined)
    );
  return (request.body as Record<string, unknown> | undefined)?._csrf;
}

/**
 * Every request is authenticated by API key, unless its route is @Public: the key in a header
 * (the API), or the key a person signed in with, held in their web session (the pages). A
 * session's POST must carry the session's CSRF token. Managers and admins write; auditors and
 * inspectors read. The actor of every event comes from here, never the body. An address with
 * too many failed authentications is refused for a while (FailedAuthentications); failures,
 * refusals and CSRF failures are logged as security events.
 */
@Injectable()
export class ApiKeyGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    @Inject(ApiKeys) private readonly apiKeys: ApiKeys,
    private readonly sessions: WebSessions,
    private readonly failures: FailedAuthentications,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    const request = context.switchToHttp().getRequest<Request & { actor?: Actor; webSession?: WebSession }>();
    const headerKey = presentedKey(request);
    // Without a key in a header, a signed-in person's session stands for it (on public pages too, to show who is signed in).
    const session = headerKey === null ? this.sessions.find(cookieOf(request.header('cookie'), SESSION_COOKIE)) : null;
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_ROUTE, targets)) {
      if (session) await this.signedIn(request, session);
      return true;
    }
    const key = headerKey ?? session?.apiKey ?? null;
    const address = request.ip ?? 'unknown';
    const blockedFor = key === null ? 0 : this.failures.blockedFor(address);
    if (blockedFor > 0) {
      logSecurityEvent(request, 'authentication-throttled');
      context
        .switchToHttp()
        .getResponse<Response>()
        .setHeader('Retry-After', String(Math.ceil(blockedFor / 1000)));
      throw new HttpException(
        problem(HttpStatus.TOO_MANY_REQUESTS, 'Too many failed authentications from this address: try again later'),
        HttpStatus.TOO_MANY_REQUESTS,
      );
    }
    const holder = key ? await this.apiKeys.authenticate(key) : null;
    if (session && !holder) this.sessions.end(session.id); // its key was revoked
    if (session && holder && !READ_METHODS.has(request.method)) {
      const token = csrfTokenOf(request);
      if (typeof token !== 'string' || token !== session.csrfToken) {
        logSecurityEvent(request, 'csrf-refused', { actorId: holder.id });
        throw new HttpException(
          problem(
            HttpStatus.FORBIDDEN,
            'The form has expired or did not come from this service; go back, reload it and send it again',
          ),
          HttpStatus.FORBIDDEN,
        );
      }
    }
    if (session && holder) request.webSession = session;
    if (!holder) {
      if (key !== null) {
        const blocked = this.failures.fail(address);
        logSecurityEvent(request, 'authentication-failed', { from: session ? 'session' : 'header', blocked });
      }
      context.switchToHttp().getResponse<Response>().setHeader('WWW-Authenticate', 'Bearer realm="oversight"');
      const detail =
        key === null ? 'Send an API key: Authorization: Bearer <key>' : 'The API key is not valid or has been revoked';
      throw new HttpException(problem(HttpStatus.UNAUTHORIZED, detail), HttpStatus.UNAUTHORIZED);
    }
    const allowed =
      this.reflector.getAllAndOverride<Role[]>(ALLOWED_ROLES, targets) ??
      (READ_METHODS.has(request.method) ? ROLES : WRITERS);
    if (!allowed.includes(holder.role)) {
      logSecurityEvent(request, 'forbidden', { actorId: holder.id, role: holder.role });
      throw new HttpException(
        problem(HttpStatus.FORBIDDEN, `The ${holder.role} role cannot do this; it needs one of: ${allowed.join(', ')}`),
        HttpStatus.FORBIDDEN,
      );
    }
    request.actor = readerOf(holder);
    return true;
  }

  private async signedIn(
    request: Request & { actor?: Actor; webSession?: WebSession },
    session: WebSession,
  ): Promise<void> {
    const holder = await this.apiKeys.authenticate(session.apiKey);
    if (!holder) return this.sessions.end(session.id);
    request.webSession = session;
    request.actor = readerOf(holder);
  }
}
