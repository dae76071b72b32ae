import { Logger } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import type { Actor } from '#event-store';
import { requestIdOf } from './request-id.js';

const access = new Logger('Access');
const security = new Logger('Security');

type RequestWithActor = Request & { actor?: Actor };

/**
 * One line per request, when its answer has gone (or the client went away): method, route (the
 * pattern, so ids do not make every line unique), path, status, duration, actor and request id.
 * Never the key, the cookie, the query or the body: those can hold secrets and children's data.
 */
export function accessLogMiddleware(request: Request, response: Response, next: NextFunction): void {
  const started = process.hrtime.bigint();
  let logged = false;
  const log = () => {
    if (logged) return;
    logged = true;
    const route = (request.route as { path?: string } | undefined)?.path;
    access.log({
      event: 'request',
      method: request.method,
      route: route ? `${request.baseUrl}${route}` : null,
      path: request.path,
      status: response.headersSent ? response.statusCode : null,
      completed: response.writableFinished,
      durationMs: Number((process.hrtime.bigint() - started) / 1_000_000n),
      actorId: (request as RequestWithActor).actor?.id ?? null,
      requestId: requestIdOf(request),
    });
  };
  response.once('finish', log);
  response.once('close', log);
  next();
}

export type SecurityEvent =
  | 'authentication-failed'
  | 'authentication-throttled'
  | 'forbidden'
  | 'csrf-refused'
  | 'signed-in'
  | 'sign-in-refused'
  | 'signed-out'
  | 'import'
  | 'export';

/**
 * What an operator watches for: failed and refused access, sign-ins, imports and exports (key
 * creation and revocation are logged by whoever makes them: the CLI, the demo). The client's
 * address is the socket's (behind a proxy, set Express's trust proxy to read X-Forwarded-For).
 */
export function logSecurityEvent(
  request: Request,
  event: SecurityEvent,
  fields: Record<string, string | number | boolean | null> = {},
): void {
  const line = {
    event,
    method: request.method,
    path: request.path,
    client: request.ip ?? null,
    actorId: (request as RequestWithActor).actor?.id ?? null,
    requestId: requestIdOf(request),
    ...fields,
  };
  if (event === 'signed-in' || event === 'signed-out' || event === 'import' || event === 'export') security.log(line);
  else security.warn(line);
}
