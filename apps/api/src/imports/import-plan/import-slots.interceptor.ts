import {
  HttpException,
  HttpStatus,
  Injectable,
  Logger,
  type CallHandler,
  type ExecutionContext,
  type NestInterceptor,
} from '@nestjs/common';
import type { Request, Response } from 'express';
import { finalize, type Observable } from 'rxjs';
import { problem } from '../../http/problem.js';
import { requestIdOf } from '../../http/request-id.js';

/**
 * Imports this process runs at once. Each reads its workbook in a worker thread of up to 512 MB
 * (libs/importer/src/read/read-xlsx-in-worker.ts) and holds its upload (up to 20 MB) in memory:
 * two bound what imports can take of the service, whatever is sent.
 */
export const MAX_CONCURRENT_IMPORTS = 2;

/** What a refused import is told to wait: an import takes a few seconds. */
export const IMPORT_RETRY_AFTER_SECONDS = 10;

/** Gives a slot back, once however often it is called. */
export type ReleaseSlot = () => void;

/**
 * The imports this process runs at once, shared by the API's POST /imports and the browser's
 * import page (whose preview runs on after the upload's request has been answered).
 */
@Injectable()
export class ImportSlots {
  private inUse = 0;

  /** A slot, or null when all are taken. */
  take(): ReleaseSlot | null {
    if (this.inUse >= MAX_CONCURRENT_IMPORTS) return null;
    this.inUse += 1;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.inUse -= 1;
    };
  }
}

/** The slot of a request, which its handler may take over to keep past the answer (an import page's preview). */
export interface RequestWithImportSlot extends Request {
  takeImportSlot?: () => ReleaseSlot;
}

/**
 * The semaphore of POST /imports: a slot is taken before the upload is read and given back when
 * the answer is sent or the client goes away; with none free the request is answered 429 with
 * Retry-After at once, and nothing is read or written.
 */
@Injectable()
export class ImportSlotsInterceptor implements NestInterceptor {
  private readonly logger = new Logger('Imports');

  constructor(private readonly slots: ImportSlots) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const release = this.slots.take();
    if (release === null) {
      const request = context.switchToHttp().getRequest<Request>();
      context.switchToHttp().getResponse<Response>().setHeader('Retry-After', String(IMPORT_RETRY_AFTER_SECONDS));
      this.logger.warn(`Import refused: ${MAX_CONCURRENT_IMPORTS} already running (request ${requestIdOf(request)})`);
      throw new HttpException(
        problem(
          HttpStatus.TOO_MANY_REQUESTS,
          `${MAX_CONCURRENT_IMPORTS} imports are running already; send it again in ${IMPORT_RETRY_AFTER_SECONDS} seconds. Nothing was read or written`,
          {
            retryAfter: IMPORT_RETRY_AFTER_SECONDS,
          },
        ),
        HttpStatus.TOO_MANY_REQUESTS,
      );
    }
    let handedOver = false;
    context.switchToHttp().getRequest<RequestWithImportSlot>().takeImportSlot = () => {
      handedOver = true;
      return release;
    };
    return next.handle().pipe(
      finalize(() => {
        if (!handedOver) release();
      }),
    );
  }
}
