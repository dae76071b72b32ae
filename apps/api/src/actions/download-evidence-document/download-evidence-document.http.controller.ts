import { Controller, Get, HttpException, HttpStatus, Inject, Param, Req, Res, UseInterceptors } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import {
  ApiInternalServerErrorResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiTags,
} from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { DocumentDamagedError, DocumentStore } from '#read-store';
import { ProblemDto } from '../../http/api-docs.dto.js';
import { IdParamPipe } from '../../http/id-param.pipe.js';
import { problem } from '../../http/problem.js';
import { ReadYourWritesInterceptor } from '../../http/read-your-writes.interceptor.js';
import { wantsHtml } from '../../web/wants-html.js';
import { WebViews } from '../../web/web-views.js';
import { GetEvidenceDocumentQuery } from './download-evidence-document.query.js';
import { readingOf } from '../../http/request-reading.js';

/** RFC 6266 / 5987: an ASCII fallback name, and the exact name percent-encoded as UTF-8. */
export function contentDisposition(fileName: string): string {
  const fallback = fileName.replace(/[^\x20-\x7e]|["\\%;]/g, '_') || 'document';
  const encoded = encodeURIComponent(fileName).replace(
    /['()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return `attachment; filename="${fallback}"; filename*=UTF-8''${encoded}`;
}

/**
 * Gives an evidence document back to anyone who can read its action, checked against its hash
 * first. Always as an attachment, with its sniffed type and nosniff, so nothing uploaded is ever
 * run or shown by the browser as a page of this service.
 */
@ApiTags('actions')
@Controller('actions')
export class DownloadEvidenceDocumentHttpController {
  constructor(
    private readonly queryBus: QueryBus,
    @Inject(DocumentStore) private readonly documents: DocumentStore,
    private readonly views: WebViews,
  ) {}

  @Get(':actionId/evidence/:evidenceId/document')
  @UseInterceptors(ReadYourWritesInterceptor)
  @ApiOperation({
    summary: 'Download an evidence document, checked against its SHA-256 (every role)',
    description:
      'Answers the bytes as `Content-Disposition: attachment` under the name it was uploaded with, its media type as read ' +
      'from its bytes, `X-Content-Type-Options: nosniff` and `Digest`/`ETag` from its SHA-256. A stored document whose bytes ' +
      'no longer match the hash its event recorded is refused (500, code DOCUMENT_DAMAGED, naming the file and hash).',
  })
  @ApiProduces('application/octet-stream')
  @ApiOkResponse({ description: 'The document' })
  @ApiNotFoundResponse({ description: 'No such action, or that evidence keeps no document', type: ProblemDto })
  @ApiInternalServerErrorResponse({
    description: 'DOCUMENT_DAMAGED: the stored bytes are missing or no longer match the hash; none are given out',
    type: ProblemDto,
  })
  async download(
    @Param('actionId', IdParamPipe) actionId: string,
    @Param('evidenceId', IdParamPipe) evidenceId: string,
    @Req() request: Request,
    @Res() response: Response,
  ): Promise<void> {
    const evidence = await this.queryBus.execute(
      new GetEvidenceDocumentQuery(readingOf(request), actionId, evidenceId),
    );
    if (!evidence)
      throw new HttpException(
        problem(HttpStatus.NOT_FOUND, `Action ${actionId} has no evidence ${evidenceId} with a document`),
        HttpStatus.NOT_FOUND,
      );
    const { fileName, sha256 } = evidence.document;
    let opened;
    try {
      opened = await this.documents.open(sha256);
    } catch (error) {
      if (!(error instanceof DocumentDamagedError)) throw error;
      return this.damaged(request, response, fileName, error);
    }
    response.status(HttpStatus.OK);
    response.setHeader('Content-Type', opened.mediaType);
    response.setHeader('Content-Length', String(opened.size));
    response.setHeader('Content-Disposition', contentDisposition(fileName));
    response.setHeader('X-Content-Type-Options', 'nosniff');
    response.setHeader('ETag', `"sha256-${sha256}"`);
    response.setHeader('Digest', `sha-256=${Buffer.from(sha256, 'hex').toString('base64')}`);
    response.setHeader('Cache-Control', 'private, no-cache');
    // Nothing of an upload may run as this service's page, even opened directly.
    response.setHeader('Content-Security-Policy', "default-src 'none'; sandbox");
    try {
      for await (const chunk of opened.chunks) {
        if (!response.write(chunk)) await new Promise((resolve) => response.once('drain', resolve));
        if (response.destroyed) return;
      }
      response.end();
    } catch (error) {
      // Bytes changed between the check and the read: the download is cut short, never completed wrong.
      response.destroy(error as Error);
    }
  }

  private damaged(request: Request, response: Response, fileName: string, error: DocumentDamagedError): void {
    const detail = `The stored document "${fileName}" (SHA-256 ${error.sha256}) ${error.problem}. It is not given out. Tell the service's administrator, who can find every such document with oversight verify and restore it from a backup.`;
    const body = problem(HttpStatus.INTERNAL_SERVER_ERROR, detail, {
      code: 'DOCUMENT_DAMAGED',
      fileName,
      sha256: error.sha256,
    });
    response.status(HttpStatus.INTERNAL_SERVER_ERROR);
    if (!wantsHtml(request)) {
      response.type('application/problem+json').json(body);
      return;
    }
    const view = { status: 500, title: 'This document cannot be given out', lines: [detail] };
    response.type('html').send(this.views.render('web/views/error.njk', view, request, response));
  }
}
