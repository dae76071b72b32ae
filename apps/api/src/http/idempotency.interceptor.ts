import { createHash } from 'node:crypto';
import { HttpException, HttpStatus, Inject, Injectable, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import { HTTP_CODE_METADATA } from '@nestjs/common/constants.js';
import type { Request, Response } from 'express';
import { from, lastValueFrom, type Observable } from 'rxjs';
import { DataSource } from 'typeorm';
import { canonicalJson, type Actor, type JsonValue } from '#event-store';
import { IdempotencyRecordEntity } from '#read-store';
import { problem } from './problem.js';

const REPLAYED_HEADERS = ['etag', 'location'];
const KEY_FORMAT = /^[\x21-\x7e]{1,255}$/;

/** The Idempotency-Key of a request, checked; null when none was sent. */
export function idempotencyKeyOf(request: Request): string | null {
  const key = request.header('idempotency-key');
  if (key === undefined) return null;
  if (!KEY_FORMAT.test(key)) {
    throw new HttpException(
      problem(HttpStatus.BAD_REQUEST, 'Idempotency-Key must be 1 to 255 visible ASCII characters', { errors: [{ field: 'Idempotency-Key', message: 'must be 1 to 255 visible ASCII characters' }] }),
      HttpStatus.BAD_REQUEST,
    );
  }
  return key;
}

/**
 * A write retried with the same Idempotency-Key gets the first response again and appends
 * nothing. The record is written after the first success; two copies racing each other are
 * settled by the event store, which appends a command id once (see WriteContext.commandId).
 */
@Injectable()
export class IdempotencyInterceptor implements NestInterceptor {
  constructor(@Inject(DataSource) private readonly dataSource: DataSource) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const request = context.switchToHttp().getRequest<Request & { actor?: Actor }>();
    const key = request.method === 'POST' ? idempotencyKeyOf(request) : null;
    if (!key || !request.actor) return next.handle();
    // The status a handler answers with is applied after interceptors run: read it where Nest keeps it.
    const status = (Reflect.getMetadata(HTTP_CODE_METADATA, context.getHandler()) as number | undefined) ?? HttpStatus.CREATED;
    return from(this.once(request, context.switchToHttp().getResponse<Response>(), key, request.actor, status, next));
  }

  private async once(request: Request, response: Response, key: string, actor: Actor, status: number, next: CallHandler): Promise<unknown> {
    const records = this.dataSource.getRepository(IdempotencyRecordEntity);
    const fingerprint = createHash('sha256')
      .update(`${request.method} ${request.originalUrl}\n${canonicalJson((request.body ?? null) as JsonValue)}`)
      .digest('hex');
    const earlier = await records.findOneBy({ actorId: actor.id, key });
    if (earlier) {
      if (earlier.fingerprint !== fingerprint) {
        throw new HttpException(
          problem(HttpStatus.UNPROCESSABLE_ENTITY, 'This Idempotency-Key was used for a different request; use a new key for a new request'),
          HttpStatus.UNPROCESSABLE_ENTITY,
        );
      }
      for (const [name, value] of Object.entries(earlier.headers)) response.setHeader(name, value);
      response.setHeader('Idempotent-Replayed', 'true');
      response.status(earlier.status);
      return earlier.body;
    }
    const body = await lastValueFrom(next.handle(), { defaultValue: undefined });
    const headers = Object.fromEntries(
      REPLAYED_HEADERS.flatMap((name) => {
        const value = response.getHeader(name);
        return value === undefined ? [] : [[name, String(value)]];
      }),
    );
    await records
      .createQueryBuilder()
      .insert()
      .values({ actorId: actor.id, key, fingerprint, status, body: (body ?? null) as object, headers, createdAt: new Date() })
      .orIgnore()
      .execute();
    return body;
  }
}
