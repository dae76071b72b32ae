import { createHash, randomUUID } from 'node:crypto';
import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { Request } from 'express';
import type { CommandContext } from '#command-handling';
import { uuidFromSeed, type Actor } from '#event-store';
import { idempotencyKeyOf } from '../http/idempotency.interceptor.js';
import { requestIdOf } from '../http/request-id.js';

/** Who writes, and how a retry of the same request is recognised; the same for every command. */
export interface WriteContext extends CommandContext {
  /**
   * New ids for what the command creates. Under an Idempotency-Key they derive from it, so a
   * retry names the same action or comment as the first attempt did.
   */
  newId(purpose: string): string;
}

export function writeContextOf(request: Request & { actor?: Actor }): WriteContext {
  return writeContextWithKey(request, idempotencyKeyOf(request));
}

/**
 * The same, with the key given: a web form carries its own (a hidden field, one per form shown),
 * so a double submit is the same command id as the first and appends nothing.
 */
export function writeContextWithKey(request: Request & { actor?: Actor }, key: string | null): WriteContext {
  const actor = request.actor;
  if (!actor) throw new Error('A write reached its handler unauthenticated');
  // The key is the client's free text (any visible ASCII): it goes into the events only as its
  // SHA-256, so the store holds none of it, and the same key still names the same command.
  const commandId = key === null ? null : `${actor.id}:key-sha256:${createHash('sha256').update(key).digest('hex')}`;
  return {
    // Who, as events record them: the request's actor also says what its key may read, which is no part of the record.
    actor: { id: actor.id, name: actor.name, role: actor.role },
    commandId,
    correlationId: requestIdOf(request),
    newId: (purpose) => (commandId === null ? randomUUID() : uuidFromSeed(`${commandId}:${purpose}`)),
  };
}

/** `@Write() context: WriteContext` */
export const Write = createParamDecorator((_: unknown, context: ExecutionContext) =>
  writeContextOf(context.switchToHttp().getRequest()),
);
