import { HttpException, HttpStatus, Inject, Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request, Response } from 'express';
import type { Actor } from '#event-store';
import { ApiKeys, ROLES, type Role } from '#read-store';
import { problem } from '../http/problem.js';
import { ALLOWED_ROLES, PUBLIC_ROUTE } from './auth.decorators.js';

const WRITERS: readonly Role[] = ['manager', 'admin'];
const READ_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** The key from `Authorization: Bearer <key>` or `X-API-Key: <key>`. */
function presentedKey(request: Request): string | null {
  const authorization = request.header('authorization');
  if (authorization) {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization);
    return match ? match[1]! : '';
  }
  return request.header('x-api-key') ?? null;
}

/**
 * Every request is authenticated by API key, unless its route is @Public. Managers and admins
 * write; auditors and inspectors read. The actor of every event comes from here, never the body.
 */
@Injectable()
export class ApiKeyGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    @Inject(ApiKeys) private readonly apiKeys: ApiKeys,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_ROUTE, targets)) return true;
    const request = context.switchToHttp().getRequest<Request & { actor?: Actor }>();
    const key = presentedKey(request);
    const holder = key ? await this.apiKeys.authenticate(key) : null;
    if (!holder) {
      context.switchToHttp().getResponse<Response>().setHeader('WWW-Authenticate', 'Bearer realm="oversight"');
      const detail = key === null ? 'Send an API key: Authorization: Bearer <key>' : 'The API key is not valid or has been revoked';
      throw new HttpException(problem(HttpStatus.UNAUTHORIZED, detail), HttpStatus.UNAUTHORIZED);
    }
    const allowed = this.reflector.getAllAndOverride<Role[]>(ALLOWED_ROLES, targets) ?? (READ_METHODS.has(request.method) ? ROLES : WRITERS);
    if (!allowed.includes(holder.role)) {
      throw new HttpException(problem(HttpStatus.FORBIDDEN, `The ${holder.role} role cannot do this; it needs one of: ${allowed.join(', ')}`), HttpStatus.FORBIDDEN);
    }
    request.actor = { id: holder.id, name: holder.name, role: holder.role };
    return true;
  }
}
