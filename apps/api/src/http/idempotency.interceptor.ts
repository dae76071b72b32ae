import { createHash } from 'node:crypto';
import {
  HttpException,
  HttpStatus,
  Inject,
  Injectable,
  SetMetadata,
  type CallHandler,
  type ExecutionContext,
  type NestInterceptor,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { HTTP_CODE_METADATA } from '@nestjs/common/constants.js';
import type { Request, Response } from 'express';
import { from, lastValueFrom, type Observable } from 'rxjs';
import { canonicalJson, type Actor, type JsonValue } from '#event-store';
import { ABANDONED_AFTER_SECONDS, IDEMPOTENCY_PENDING as PENDING, IdempotencyRecords } from '#read-store';
import { problem } from './problem.js';

const REPLAYED_HEADERS = ['etag', 'location'];
const KEY_FORMAT = /^[\x21-\x7e]{1,255}$/;
/** How long a copy waits for the first request's answer. */
const WAIT_FOR_FIRST_MS = 30_000;
/** How often a claim the database could not settle is tried again. */
const SETTLE_RETRY_MS = 250;

/** The Idempotency-Key of a request, checked; null when none was sent. */
export function idempotencyKeyOf(request: Request): string | null {
  const key = request.header('idempotency-key');
  if (key === undefined) return null;
  if (!KEY_FORMAT.test(key)) {
    throw new HttpException(
      problem(HttpStatus.BAD_REQUEST, 'Idempotency-Key must be 1 to 255 visible ASCII characters', {
        errors: [{ field: 'Idempotency-Key', message: 'must be 1 to 255 visible ASCII characters' }],
      }),
      HttpStatus.BAD_REQUEST,
    );
  }
  return key;
}

/**
 * A write retried with the same Idempotency-Key gets the first response again and appends
 * nothing. The first request claims the key before it runs; copies arriving meanwhile wait for
 * its answer. The event store also appends a command id once (WriteContext.commandId), so even a
 * copy that took over an abandoned claim cannot append twice.
 */
@Injectable()
export class IdempotencyInterceptor implements NestInterceptor {
  /** Whether this instance is the one an upload route runs after reading its file. */
  protected readonly afterUpload: boolean = false;

  constructor(
    @Inject(IdempotencyRecords) private readonly records: IdempotencyRecords,
    @Inject(Reflector) private readonly reflector: Reflector,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const request = context.switchToHttp().getRequest<Request & { actor?: Actor }>();
    // An upload route's file is read by its own interceptor, after the global ones: it checks the key then.
    if (this.reflector.get<boolean>(AFTER_UPLOAD, context.getHandler()) && !this.afterUpload) return next.handle();
    const key = request.method === 'POST' ? idempotencyKeyOf(request) : null;
    if (!key || !request.actor) return next.handle();
    // The status a handler answers with is applied after interceptors run: read it where Nest keeps it.
    const status =
      (Reflect.getMetadata(HTTP_CODE_METADATA, context.getHandler()) as number | undefined) ?? HttpStatus.CREATED;
    return from(this.once(request, context.switchToHttp().getResponse<Response>(), key, request.actor, status, next));
  }

  private async once(
    request: Request,
    response: Response,
    key: string,
    actor: Actor,
    status: number,
    next: CallHandler,
  ): Promise<unknown> {
    const file = (request as Request & { file?: { originalname: string; buffer: Buffer } }).file;
    const fingerprint = createHash('sha256')
      .update(`${request.method} ${request.originalUrl}\n${canonicalJson((request.body ?? null) as JsonValue)}`)
      .update(file ? `\n${file.originalname}\n${createHash('sha256').update(file.buffer).digest('hex')}` : '')
      .digest('hex');
    const until = Date.now() + WAIT_FOR_FIRST_MS;
    for (;;) {
      // Claim the key first: of copies racing each other, one runs and the rest wait for its answer.
      if (await this.claimOrLetGo(actor.id, key, fingerprint))
        return this.runFirst(actor.id, key, status, response, next);
      const earlier = await this.records.find(actor.id, key);
      if (!earlier) continue; // the first attempt failed and let the key go: this one may run
      if (earlier.fingerprint !== fingerprint) {
        throw new HttpException(
          problem(
            HttpStatus.UNPROCESSABLE_ENTITY,
            'This Idempotency-Key was used for a different request; use a new key for a new request',
          ),
          HttpStatus.UNPROCESSABLE_ENTITY,
        );
      }
      if (earlier.status !== PENDING) {
        for (const [name, value] of Object.entries(earlier.headers)) response.setHeader(name, value);
        response.setHeader('Idempotent-Replayed', 'true');
        response.status(earlier.status);
        return earlier.body;
      }
      if (Date.now() > until) {
        throw new HttpException(
          problem(HttpStatus.CONFLICT, 'A request with this Idempotency-Key is still in progress; retry shortly'),
          HttpStatus.CONFLICT,
        );
      }
      // Woken as soon as this process settles the first request; another process's, read again at most this often.
      await this.records.settled(actor.id, key, 250);
    }
  }

  /**
   * Claims the key. When the database goes away mid-claim, the claim may have been written with
   * its answer lost: then it is let go in the background (by its own time, so no other request's
   * claim is touched), or the retry the 503 invites would wait for a request that never runs.
   */
  private async claimOrLetGo(actorId: string, key: string, fingerprint: string): Promise<boolean> {
    const claimedAt = new Date();
    try {
      return await this.records.claim(actorId, key, fingerprint, claimedAt);
    } catch (error) {
      await this.settle(() => this.records.letGoOfClaim(actorId, key, claimedAt), error);
      throw error;
    }
  }

  private async runFirst(
    actorId: string,
    key: string,
    status: number,
    response: Response,
    next: CallHandler,
  ): Promise<unknown> {
    let body: unknown;
    try {
      body = await lastValueFrom(next.handle(), { defaultValue: undefined });
    } catch (error) {
      // A failure is not remembered: the client may fix the request and retry with the same key.
      await this.settle(() => this.records.forget(actorId, key), error);
      throw error;
    }
    const headers = Object.fromEntries(
      REPLAYED_HEADERS.flatMap((name) => {
        const value = response.getHeader(name);
        return value === undefined ? [] : [[name, String(value)]];
      }),
    );
    // The change is committed: its answer goes to the client even when it cannot be kept for
    // retries just now (a 500 would say a recorded change failed). It is kept in the background
    // meanwhile; a retry waits for it, and a retry that runs again appends nothing, since the key
    // is also the command's id.
    await this.settle(() => this.records.keepAnswer(actorId, key, { status, body, headers }), 'committed');
    return body;
  }

  /**
   * Settles the claim. When the database has just gone away the request fails (503), and its claim
   * would stay pending, so that the retry the 503 invites waited and got 409 until the claim was
   * old enough to take over: instead, keep trying in the background until the database is back.
   */
  private async settle(work: () => Promise<unknown>, failure?: unknown): Promise<void> {
    try {
      await work();
    } catch (error) {
      const until = Date.now() + ABANDONED_AFTER_SECONDS * 1000;
      const retry = () =>
        setTimeout(() => void work().catch(() => (Date.now() < until ? retry() : undefined)), SETTLE_RETRY_MS).unref();
      retry();
      if (failure === undefined) throw error;
    }
  }
}

const AFTER_UPLOAD = 'oversight:idempotency-after-upload';

/** Marks an upload route: its Idempotency-Key is checked by UploadIdempotencyInterceptor, after the file is read. */
export const IdempotencyAfterUpload = () => SetMetadata(AFTER_UPLOAD, true);

/**
 * The same rule for a multipart upload, placed after the interceptor that reads the file, so the
 * file is part of what a repeated key must match: the same key with another file is a 422.
 */
@Injectable()
export class UploadIdempotencyInterceptor extends IdempotencyInterceptor {
  protected override readonly afterUpload = true;
}
