import { applyDecorators, type Type } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiForbiddenResponse,
  ApiHeader,
  ApiNotFoundResponse,
  ApiPayloadTooLargeResponse,
  ApiResponse,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { ProblemDto, WriteResultDto } from './api-docs.dto.js';

const common = [
  ApiBadRequestResponse({ description: 'Invalid body: every failing field is named in `errors`', type: ProblemDto }),
  ApiUnauthorizedResponse({ description: 'No API key, or a bad or revoked one', type: ProblemDto }),
  ApiForbiddenResponse({ description: 'The role cannot write (auditors and inspectors only read)', type: ProblemDto }),
  ApiPayloadTooLargeResponse({ description: 'Body over 1 MB', type: ProblemDto }),
  ApiHeader({
    name: 'Idempotency-Key',
    required: false,
    description: 'A retry with the same key returns the first response and appends nothing',
  }),
  ApiResponse({ status: 422, description: 'The Idempotency-Key was used for a different request', type: ProblemDto }),
  ApiResponse({
    status: 503,
    description: 'The database is unavailable; retry with the same Idempotency-Key',
    type: ProblemDto,
  }),
];

/** The responses of a command that creates a stream. */
export const ApiCreateResponses = (what: string) =>
  applyDecorators(
    ApiResponse({
      status: 201,
      description: `${what} created; ETag is its revision, Location its address`,
      type: WriteResultDto,
    }),
    ApiNotFoundResponse({ description: 'A resource named in the path does not exist', type: ProblemDto }),
    ApiConflictResponse({ description: 'Refused by a rule of the domain', type: ProblemDto }),
    ...common,
  );

/**
 * The responses of a command on an existing stream (If-Match required): 200, or 201 with `created`
 * for one that adds something with an address of its own to the stream (a comment, evidence).
 */
export const ApiUpdateResponses = (created?: { description: string; type: Type<unknown> }) =>
  applyDecorators(
    ApiHeader({ name: 'If-Match', required: true, description: 'The ETag (revision) last read: "3"' }),
    created
      ? ApiResponse({ status: 201, ...created })
      : ApiResponse({
          status: 200,
          description: 'Done (or nothing to change); ETag is the new revision',
          type: WriteResultDto,
        }),
    ApiNotFoundResponse({ description: 'No such resource', type: ProblemDto }),
    ApiConflictResponse({
      description:
        'Stale If-Match (currentRevision and ETag give the revision to retry with), or refused by a rule such as a withdrawn action',
      type: ProblemDto,
    }),
    ApiResponse({ status: 428, description: 'If-Match missing', type: ProblemDto }),
    ...common,
  );
