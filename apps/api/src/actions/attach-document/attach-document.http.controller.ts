import { Controller, Get, HttpException, HttpStatus, Inject, Param, Post, Req, Res } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import {
  ApiBody,
  ApiConsumes,
  ApiExcludeEndpoint,
  ApiHeader,
  ApiOperation,
  ApiResponse,
  ApiTags,
  ApiUnsupportedMediaTypeResponse,
} from '@nestjs/swagger';
import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import type { Request, Response } from 'express';
import { EVIDENCE_KINDS } from '#domain';
import {
  ALLOWED_DOCUMENT_TYPES_WORDS,
  DocumentStore,
  DocumentTooLargeError,
  UnsupportedDocumentTypeError,
  type PlanActionView,
} from '#read-store';
import { AllowRoles } from '../../auth/auth.decorators.js';
import { ApiUpdateResponses } from '../../http/api-docs.decorators.js';
import { EvidenceAttachedDto, ProblemDto } from '../../http/api-docs.dto.js';
import { parseIfMatch } from '../../http/expected-revision.js';
import { IdempotencyAfterUpload } from '../../http/idempotency.interceptor.js';
import { IdParamPipe } from '../../http/id-param.pipe.js';
import { problem, type FieldError, type Problem } from '../../http/problem.js';
import { toProblem } from '../../http/problem-details.filter.js';
import { fieldErrors, unstorableText } from '../../http/validation.pipe.js';
import { wantsHtml } from '../../web/wants-html.js';
import { WebViews } from '../../web/web-views.js';
import { Write, type WriteContext } from '../../shared/write-context.js';
import { writeResponse } from '../../shared/write-response.js';
import { AttachEvidenceCommand } from '../attach-evidence/attach-evidence.command.js';
import type { AttachEvidenceRequestDto } from '../attach-evidence/attach-evidence.request.dto.js';
import { GetActionQuery } from '../get-action/get-action.query.js';
import { AttachDocumentBodyDto, AttachDocumentRequestDto } from './attach-document.request.dto.js';
import { receiveDocument, UploadFormError } from './document-upload.js';
import { readingOf } from '../../http/request-reading.js';

const TEMPLATE = 'actions/attach-document/attach-document.njk';
/** The fields a person fills in, in the order the page shows them: the error summary follows it. */
const VISIBLE_FIELDS = ['file', 'title', 'kind', 'date'];
/** What a person is told for a field the form refused: the file's own message says what was wrong with it. */
const FIELD_WORDS: Record<string, string> = {
  title: 'Enter what the evidence is, in at most 500 characters',
  kind: 'Choose the kind of evidence',
  date: 'Enter the date the evidence is from as a real date, not after today',
};
const STALE_PAGE =
  'Someone else changed this action since you opened this page, so nothing was attached. Go back to the action to see what changed, then attach the document again.';
/** After a refusal the client may still be sending: read (and drop) at most this much before answering. */
const MAX_DRAIN_BYTES = 64 * 1024 * 1024;

/** The date input's three fields as the API's one `date`, when the form sent them. */
function foldDateInput(fields: Record<string, string>): Record<string, string> {
  const { ['date-day']: day, ['date-month']: month, ['date-year']: year, ...rest } = fields;
  if (day === undefined && month === undefined && year === undefined) return rest;
  const filled = [day, month, year].every((part) => part?.trim());
  return {
    ...rest,
    ...(filled ? { date: `${year!.trim()}-${month!.trim().padStart(2, '0')}-${day!.trim().padStart(2, '0')}` } : {}),
  };
}

/** Reads what the client still sends after a refusal (bounded), so the answer reaches it rather than a reset. */
function drain(request: Request): Promise<void> {
  if (request.complete || request.destroyed) return Promise.resolve();
  return new Promise((resolve) => {
    let read = 0;
    request.on('data', (chunk: Buffer) => {
      read += chunk.length;
      if (read > MAX_DRAIN_BYTES) request.destroy();
    });
    request.on('end', resolve);
    request.on('close', resolve);
    request.resume();
  });
}

/**
 * Attaching a document itself as evidence: the upload is streamed into the document store, then
 * recorded by the same command as any evidence (AttachEvidenceCommand), with the document's
 * hash, size, type and name. A browser gets the form page back with its errors, or the action.
 */
@ApiTags('actions')
@Controller('actions')
export class AttachDocumentHttpController {
  constructor(
    private readonly commandBus: CommandBus,
    private readonly queryBus: QueryBus,
    @Inject(DocumentStore) private readonly documents: DocumentStore,
    private readonly views: WebViews,
  ) {}

  @Get(':actionId/evidence/documents/new')
  @AllowRoles('manager', 'admin')
  @ApiExcludeEndpoint()
  async form(
    @Param('actionId', IdParamPipe) actionId: string,
    @Req() request: Request,
    @Res() response: Response,
  ): Promise<void> {
    const action = await this.action(actionId, request);
    this.page(request, response, HttpStatus.OK, action, { revision: String(action.revision) }, []);
  }

  @Post(':actionId/evidence/documents')
  // A retry under the same Idempotency-Key is kept once by the store itself (the key is the command
  // id, and names the same evidence id), and the same bytes are stored once: no answer to replay is needed.
  @IdempotencyAfterUpload()
  @ApiConsumes('multipart/form-data')
  @ApiBody({ type: AttachDocumentBodyDto })
  @ApiHeader({
    name: 'X-CSRF-Token',
    required: false,
    description: 'From a signed-in browser session only (also accepted as ?_csrf=): the session’s form token',
  })
  @ApiOperation({
    summary: 'Attach a document itself as evidence: minutes, a training log, an audit report',
    description:
      'Send the document as the multipart field `file` (PDF, Word .docx/.doc, Excel .xlsx/.xls, PNG or JPEG; at most 25 MB) with ' +
      'the fields attach-evidence takes (`title`, `kind`, `date`, optionally `effectiveAt`) and If-Match. The type is read from ' +
      'the bytes, never from the upload. The document is kept by its SHA-256, written once: the same document attached again is ' +
      'stored once. The event records its SHA-256, size, media type and file name; download it from ' +
      '`GET /actions/:actionId/evidence/:evidenceId/document`.',
  })
  @ApiUpdateResponses({
    description: "Evidence attached; ETag is the new revision of the action, Location the document's download address",
    type: EvidenceAttachedDto,
  })
  @ApiResponse({
    status: 413,
    description: 'The document is over 25 MB: nothing kept, nothing written',
    type: ProblemDto,
  })
  @ApiUnsupportedMediaTypeResponse({
    description: 'The bytes are none of the kinds kept (the problem names them): nothing kept, nothing written',
    type: ProblemDto,
  })
  async attach(
    @Param('actionId', IdParamPipe) actionId: string,
    @Write() context: WriteContext,
    @Req() request: Request,
    @Res() response: Response,
  ): Promise<void> {
    let fields: Record<string, string> = {};
    try {
      const received = await receiveDocument(request, this.documents);
      fields = foldDateInput(received.fields);
      try {
        const body = await this.checkedFields(fields, received.file === null);
        const expectedRevision = parseIfMatch(request.header('if-match') ?? body.revision);
        const stored = await received.file!.upload.commit();
        const document = {
          sha256: stored.sha256,
          size: stored.size,
          mediaType: stored.mediaType,
          fileName: received.file!.fileName,
        };
        const evidence: AttachEvidenceRequestDto = {
          title: body.title,
          kind: body.kind,
          location: { kind: 'document', reference: document.fileName },
          sha256: document.sha256,
          date: body.date,
          effectiveAt: body.effectiveAt,
        };
        const result = await this.commandBus.execute(
          new AttachEvidenceCommand(actionId, expectedRevision, evidence, context, document),
        );
        const location = `/actions/${actionId}/evidence/${result.evidenceId}/document`;
        if (wantsHtml(request)) {
          response.redirect(303, `/actions/${actionId}?waitFor=${result.position}#evidence-documents`);
          return;
        }
        response.status(HttpStatus.CREATED).json({ ...writeResponse(response, result, location), document });
      } finally {
        await received.file?.upload.abort(); // nothing, once committed
      }
    } catch (error) {
      await drain(request);
      const refusal = this.refusal(error);
      if (!wantsHtml(request) || refusal.status >= 500) throw new HttpException(refusal, refusal.status);
      const action = await this.action(actionId, request);
      const errors =
        refusal.status === HttpStatus.CONFLICT && refusal.currentRevision !== undefined
          ? [{ field: 'file', message: STALE_PAGE }]
          : this.formErrors(refusal);
      this.page(request, response, refusal.status, action, fields, errors);
    }
  }

  private async checkedFields(fields: Record<string, string>, noFile: boolean): Promise<AttachDocumentRequestDto> {
    const { _csrf: _token, ...rest } = fields;
    const body = plainToInstance(AttachDocumentRequestDto, rest);
    const errors: FieldError[] = [
      ...(noFile ? [{ field: 'file', message: 'Choose the document to attach' }] : []),
      ...unstorableText(rest),
      ...fieldErrors(await validate(body, { whitelist: true, forbidNonWhitelisted: true })),
    ];
    if (errors.length > 0) {
      const names = [...new Set(errors.map((error) => error.field))];
      throw new HttpException(
        problem(HttpStatus.BAD_REQUEST, `Invalid request: ${names.join(', ')}`, { errors }),
        HttpStatus.BAD_REQUEST,
      );
    }
    return body;
  }

  private refusal(error: unknown): Problem {
    if (error instanceof DocumentTooLargeError)
      return problem(HttpStatus.PAYLOAD_TOO_LARGE, `${error.message}: attach a document of at most 25 MB`, {
        errors: [{ field: 'file', message: 'The document must be 25 MB or smaller' }],
      });
    if (error instanceof UnsupportedDocumentTypeError)
      return problem(HttpStatus.UNSUPPORTED_MEDIA_TYPE, error.message, {
        allowed: ALLOWED_DOCUMENT_TYPES_WORDS,
        errors: [{ field: 'file', message: `The document must be a ${ALLOWED_DOCUMENT_TYPES_WORDS}` }],
      });
    if (error instanceof UploadFormError)
      return problem(HttpStatus.BAD_REQUEST, error.message, {
        errors: [{ field: error.field, message: error.message }],
      });
    return toProblem(error);
  }

  /** The problem's errors as the page's summary: each field once, in the form's order, linked to its input. */
  private formErrors(refusal: Problem): FieldError[] {
    const errors = refusal.errors?.length ? refusal.errors : [{ field: 'file', message: refusal.detail }];
    const seen = new Set<string>();
    return (
      errors
        // A field the page has no input for (If-Match, a stale revision) is told at the file input, where sending again starts.
        .map((error) => ({ ...error, field: VISIBLE_FIELDS.includes(error.field) ? error.field : 'file' }))
        .filter((error) => !seen.has(error.field) && seen.add(error.field))
        .sort((a, b) => VISIBLE_FIELDS.indexOf(a.field) - VISIBLE_FIELDS.indexOf(b.field))
    );
  }

  private async action(actionId: string, request: Request): Promise<PlanActionView> {
    const action = await this.queryBus.execute(new GetActionQuery(readingOf(request), actionId));
    if (!action)
      throw new HttpException(problem(HttpStatus.NOT_FOUND, `No such action: ${actionId}`), HttpStatus.NOT_FOUND);
    return action;
  }

  private page(
    request: Request,
    response: Response,
    status: number,
    action: PlanActionView,
    fields: Record<string, string>,
    errors: FieldError[],
  ): void {
    const csrfToken = (request as Request & { webSession?: { csrfToken: string } }).webSession?.csrfToken ?? '';
    errors = errors.map((error) => ({ ...error, message: FIELD_WORDS[error.field] ?? error.message }));
    const messages = Object.fromEntries(errors.map((error) => [error.field, error.message]));
    const view = {
      pageTitle: `${errors.length ? 'Error: ' : ''}Attach a document`,
      action,
      backLink: `/actions/${action.id}`,
      // The token in the address: a multipart body is read after the guard, so the guard reads it from there.
      formAction: `/actions/${action.id}/evidence/documents?${new URLSearchParams({ _csrf: csrfToken }).toString()}`,
      values: { title: fields.title ?? '', kind: fields.kind ?? 'document', date: fields.date ?? '' },
      revision: fields.revision ?? String(action.revision),
      kinds: EVIDENCE_KINDS.map((kind) => ({
        value: kind,
        text: kind.replace('-', ' '),
        selected: fields.kind === kind,
      })),
      allowed: ALLOWED_DOCUMENT_TYPES_WORDS,
      errors: errors.map((error) => ({
        text: error.message,
        href: `#${error.field === 'date' ? 'date-day' : error.field}`,
      })),
      messages,
    };
    response
      .status(status)
      .type('html')
      .setHeader('Cache-Control', 'no-store')
      .send(this.views.render(TEMPLATE, view, request, response));
  }
}
