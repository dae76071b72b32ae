import { AsyncLocalStorage } from 'node:async_hooks';
import type { NextFunction, Request, Response } from 'express';
import type { ChildDataReading } from '#read-store';
import type { RequestActor } from '../auth/api-key.guard.js';
import { requestIdOf } from './request-id.js';

const requests = new AsyncLocalStorage<Request & { actor?: RequestActor }>();

/**
 * Keeps each request at hand for everything its handling calls, so the read models can ask who
 * is reading (readingNow) without every query carrying it. Mounted after the body parsers, whose
 * stream callbacks would otherwise run outside the request's context.
 */
export function requestReadingMiddleware(request: Request, _response: Response, next: NextFunction): void {
  requests.run(request, next);
}

/**
 * Who is reading now, for ChildDataReadModels: the request's actor (set by the API key guard)
 * and whether its key may read child-level words. Null outside a request, or before the guard has
 * named anyone: read as a reader without the permission.
 */
export function readingNow(): ChildDataReading | null {
  const request = requests.getStore();
  const actor = request?.actor;
  if (!request || !actor) return null;
  return {
    actor: { id: actor.id, name: actor.name, role: actor.role },
    childData: actor.childData === true || actor.role === 'admin',
    endpoint: `${request.method} ${request.originalUrl.split('?')[0]}`,
    requestId: requestIdOf(request),
  };
}
