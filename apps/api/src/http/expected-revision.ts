import {
  BadRequestException,
  createParamDecorator,
  HttpException,
  HttpStatus,
  type ExecutionContext,
} from '@nestjs/common';
import type { Request } from 'express';
import { problem } from './problem.js';

/** A stream revision as an ETag: `"3"`. */
export const etagOf = (revision: number): string => `"${revision}"`;

/**
 * The revision the client last saw, from If-Match (an ETag from an earlier response).
 * Updates must state it: without one they could overwrite a change the client never saw (428).
 */
export function parseIfMatch(header: string | undefined): number {
  if (header === undefined || header.trim() === '') {
    throw new HttpException(
      problem(
        HttpStatus.PRECONDITION_REQUIRED,
        'Send If-Match with the ETag (the revision) you last read, so a change you have not seen is not overwritten.',
        {
          errors: [{ field: 'If-Match', message: 'is required on updates' }],
        },
      ),
      HttpStatus.PRECONDITION_REQUIRED,
    );
  }
  const match = /^\s*(?:W\/)?"?(\d{1,15})"?\s*$/.exec(header);
  if (!match) {
    throw new BadRequestException(
      problem(HttpStatus.BAD_REQUEST, `If-Match must be one ETag such as "3", got ${JSON.stringify(header)}`, {
        errors: [{ field: 'If-Match', message: 'must be one ETag such as "3"' }],
      }),
    );
  }
  return Number(match[1]);
}

/** `@ExpectedRevision() revision: number` — the parsed If-Match header. */
export const ExpectedRevision = createParamDecorator((_: unknown, context: ExecutionContext) =>
  parseIfMatch(context.switchToHttp().getRequest<Request>().header('if-match')),
);
