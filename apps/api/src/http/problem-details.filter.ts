import { Catch, HttpException, HttpStatus, Logger, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { Request, Response } from 'express';
import { DomainError, type DomainErrorCode } from '#domain';
import { WebViews } from '../web/web-views.js';
import { wantsHtml } from '../web/wants-html.js';
import { EffectiveTimeInFutureError, InvalidEventError, WrongExpectedRevisionError } from '#event-store';
import { etagOf } from './expected-revision.js';
import { problem, type Problem } from './problem.js';
import { requestIdOf } from './request-id.js';

const DOMAIN_STATUS: Record<DomainErrorCode, number> = {
  NOT_FOUND: HttpStatus.NOT_FOUND,
  ALREADY_EXISTS: HttpStatus.CONFLICT,
  ACTION_WITHDRAWN: HttpStatus.CONFLICT,
  NOT_COMPLETED: HttpStatus.CONFLICT,
  REASON_REQUIRED: HttpStatus.BAD_REQUEST,
  REQUIRED: HttpStatus.BAD_REQUEST,
  INVALID: HttpStatus.BAD_REQUEST,
  EFFECTIVE_BEFORE_CREATION: HttpStatus.BAD_REQUEST,
  EFFECTIVE_IN_FUTURE: HttpStatus.BAD_REQUEST,
  ALREADY_LINKED: HttpStatus.CONFLICT,
  NOT_LINKED: HttpStatus.CONFLICT,
};

/** Errors of the database connection: the service is unavailable, not broken. */
const UNAVAILABLE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'ENOTFOUND',
  'EPIPE',
  '57P01',
  '57P02',
  '57P03',
  '08000',
  '08003',
  '08006',
  '08001',
  '08004',
]);

export function toProblem(exception: unknown): Problem {
  if (exception instanceof HttpException) {
    const response = exception.getResponse();
    if (typeof response === 'object' && response !== null && 'type' in response && 'status' in response)
      return response as Problem;
    const message =
      typeof response === 'string' ? response : ((response as { message?: unknown }).message ?? exception.message);
    return problem(exception.getStatus(), Array.isArray(message) ? message.join('; ') : String(message));
  }
  if (exception instanceof DomainError) {
    const errors = exception.field ? [{ field: exception.field, message: exception.message }] : undefined;
    return problem(DOMAIN_STATUS[exception.code], exception.message, {
      code: exception.code,
      ...(errors ? { errors } : {}),
    });
  }
  if (exception instanceof WrongExpectedRevisionError) {
    return problem(
      HttpStatus.CONFLICT,
      `The resource has changed: it is at revision ${exception.actual ?? 'none'}, not ${String(exception.expected)}. Re-read it and retry with If-Match set to its ETag.`,
      {
        currentRevision: exception.actual,
      },
    );
  }
  if (exception instanceof EffectiveTimeInFutureError) {
    return problem(HttpStatus.BAD_REQUEST, exception.message, {
      errors: [{ field: 'effectiveAt', message: 'must not be in the future' }],
    });
  }
  if (exception instanceof InvalidEventError) return problem(HttpStatus.BAD_REQUEST, exception.message);
  const bodyParser = exception as { type?: string; status?: number };
  if (bodyParser.type === 'entity.parse.failed') return problem(HttpStatus.BAD_REQUEST, 'The body is not valid JSON');
  if (bodyParser.type === 'entity.too.large')
    return problem(HttpStatus.PAYLOAD_TOO_LARGE, 'The body is larger than 1 MB');
  if (bodyParser.type === 'encoding.unsupported' || bodyParser.type === 'charset.unsupported')
    return problem(HttpStatus.UNSUPPORTED_MEDIA_TYPE, 'Send UTF-8 JSON');
  if (
    UNAVAILABLE_CODES.has(String((exception as { code?: unknown }).code)) ||
    /Connection terminated|connect ECONNREFUSED/.test(String((exception as Error)?.message))
  ) {
    // Not "nothing was written": the connection can drop after a commit and before its answer.
    return problem(
      HttpStatus.SERVICE_UNAVAILABLE,
      'The database is unavailable, so this request may not have been carried out. Retry shortly with the same Idempotency-Key: it is applied once however often it is sent.',
    );
  }
  return problem(HttpStatus.INTERNAL_SERVER_ERROR, 'Something went wrong on our side; nothing was written.');
}

/**
 * Turns every error into problem details; a 409 for a stale revision carries the current ETag.
 * A browser gets a page instead: sign-in for a missing or ended session (then back to the page
 * it asked for), and a GOV.UK-style page saying what went wrong, never the error's inner details.
 */
@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  private readonly logger = new Logger('HTTP');

  constructor(private readonly views: WebViews) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const request = host.switchToHttp().getRequest<Request>();
    const response = host.switchToHttp().getResponse<Response>();
    // A client that went away mid-request (an upload cancelled, a tab closed) is no failure of
    // ours and has no one to answer: one line in the log, not a 500 with a stack.
    if (response.destroyed || request.socket.destroyed || response.headersSent) {
      this.logger.warn(
        `${request.method} ${request.path} (request ${requestIdOf(request)}): the client went away before the answer (${exception instanceof Error ? exception.message : String(exception)})`,
      );
      if (!response.headersSent && !response.destroyed) response.end();
      return;
    }
    const body = toProblem(exception);
    if (body.status >= 500)
      this.logger.error(
        `${request.method} ${request.path} (request ${requestIdOf(request)}): ${exception instanceof Error ? (exception.stack ?? exception.message) : String(exception)}`,
      );
    if (exception instanceof WrongExpectedRevisionError && exception.actual !== null)
      response.setHeader('ETag', etagOf(exception.actual));
    if (wantsHtml(request)) return this.page(body, request, response);
    response.status(body.status).type('application/problem+json').json(body);
  }

  private page(body: Problem, request: Request, response: Response): void {
    if (body.status === HttpStatus.UNAUTHORIZED && request.method === 'GET') {
      response.redirect(303, `/sign-in?returnTo=${encodeURIComponent(request.originalUrl)}`);
      return;
    }
    const view = errorPage(body);
    response
      .status(body.status)
      .type('html')
      .send(this.views.render('web/views/error.njk', view, request, response));
  }
}

/** What a person is told: the problem's own words for their mistakes, nothing of ours for a failure. */
function errorPage(body: Problem): Record<string, unknown> {
  switch (body.status) {
    case HttpStatus.NOT_FOUND:
      return {
        status: 404,
        title: 'Page not found',
        lines: [
          'If you typed the web address, check it is correct.',
          'If you followed a link, the plan, action or source it names may not exist.',
        ],
      };
    case HttpStatus.FORBIDDEN:
      return { status: 403, title: 'You cannot do this', lines: [body.detail ?? 'Your role does not allow it.'] };
    case HttpStatus.UNAUTHORIZED:
      return { status: 401, title: 'Sign in to continue', lines: ['Your session has ended.'], signIn: true };
    default:
      if (body.status >= 500)
        return {
          status: body.status,
          title: 'Sorry, there is a problem with the service',
          lines: ['Try again later. Nothing you sent was written.'],
        };
      return {
        status: body.status,
        title: 'There is a problem',
        lines: [body.detail ?? 'The request could not be understood.'],
        errors: body.errors ?? [],
      };
  }
}
