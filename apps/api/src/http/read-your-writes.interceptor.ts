import {
  BadRequestException,
  HttpStatus,
  Inject,
  Injectable,
  type CallHandler,
  type ExecutionContext,
  type NestInterceptor,
} from '@nestjs/common';
import type { Request, Response } from 'express';
import { from, switchMap, type Observable } from 'rxjs';
import { Projector } from '#read-store';
import { problem } from './problem.js';

/** How long a read waits for the read models to reach the position it asks for. */
export const READ_YOUR_WRITES_WAIT_MS = 5_000;

/**
 * Read your own writes: a query sent with the position a write answered (`X-Wait-For-Position`
 * header or `waitFor` parameter) waits until the read models have reached it. After the bound it
 * answers anyway, saying `X-Read-Models-Behind: true`, rather than hold the caller.
 */
@Injectable()
export class ReadYourWritesInterceptor implements NestInterceptor {
  constructor(@Inject(Projector) private readonly projector: Projector) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const request = context.switchToHttp().getRequest<Request>();
    const raw =
      request.header('x-wait-for-position') ??
      (typeof request.query.waitFor === 'string' ? request.query.waitFor : undefined);
    if (raw === undefined) return next.handle();
    if (!/^\d{1,15}$/.test(raw)) {
      throw new BadRequestException(
        problem(HttpStatus.BAD_REQUEST, 'waitFor must be a global position, as a write answered', {
          errors: [{ field: 'waitFor', message: 'must be a whole number' }],
        }),
      );
    }
    return from(this.projector.waitFor(Number(raw), READ_YOUR_WRITES_WAIT_MS)).pipe(
      switchMap((reached) => {
        context.switchToHttp().getResponse<Response>().setHeader('X-Read-Models-Behind', String(!reached));
        return next.handle();
      }),
    );
  }
}
