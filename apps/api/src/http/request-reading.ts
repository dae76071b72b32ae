import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { Request } from 'express';
import type { ChildDataReading } from '#read-store';
import type { RequestActor } from '../auth/api-key.guard.js';
import { requestIdOf } from './request-id.js';

/**
 * Who is reading, for the read models (ChildDataReadModels.as): the request's actor (set by the
 * API key guard or the web session) and whether its key may read child-level words. Null before
 * anyone is named: read as a reader without the permission.
 *
 * Every query carries it from the request it answers, rather than the read models finding the
 * request in AsyncLocalStorage: on Node 20 that storage's promise hooks run on every promise of
 * every request, writes included (4% of a status change's CPU at 16 clients, bench/README.md).
 */
export function readingOf(request: Request & { actor?: RequestActor }): ChildDataReading | null {
  const actor = request.actor;
  if (!actor) return null;
  return {
    actor: { id: actor.id, name: actor.name, role: actor.role },
    childData: actor.childData === true || actor.role === 'admin',
    endpoint: `${request.method} ${request.originalUrl.split('?')[0]}`,
    requestId: requestIdOf(request),
  };
}

/** The handler's parameter: who is reading (readingOf the request). */
export const Reading = createParamDecorator((_data: unknown, context: ExecutionContext) =>
  readingOf(context.switchToHttp().getRequest<Request>()),
);
