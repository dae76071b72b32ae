import {
  Controller,
  Get,
  HttpException,
  HttpStatus,
  Inject,
  Param,
  Query as QueryParams,
  Req,
  StreamableFile,
  UseInterceptors,
} from '@nestjs/common';
import type { CalendarDays } from '#domain';
import { QueryBus } from '@nestjs/cqrs';
import {
  ApiBadRequestResponse,
  ApiExtraModels,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiTags,
  getSchemaPath,
} from '@nestjs/swagger';
import type { Request } from 'express';
import type { Clock } from '#command-handling';
import {
  asAtOf,
  canonicalJson,
  renderDocx,
  renderHtmlDocument,
  renderPdf,
  reportFileName,
  reportPeriod,
  type CommitteeReport,
} from '#reporting';
import { ProblemDto } from '../../http/api-docs.dto.js';
import { IdParamPipe } from '../../http/id-param.pipe.js';
import { problem } from '../../http/problem.js';
import { ReadYourWritesInterceptor } from '../../http/read-your-writes.interceptor.js';
import { CALENDAR } from '../../infrastructure/calendar.token.js';
import { CLOCK } from '../../infrastructure/clock.token.js';
import { Page } from '../../web/page.decorator.js';
import { wantsHtml } from '../../web/wants-html.js';
import { attachment } from '../export-plan/export-plan.http.controller.js';
import { CommitteeReportQuery } from './committee-report.query.js';
import { CommitteeReportDto } from './committee-report.response.js';
import { committeeReportPage } from './committee-report.page.js';
import { CommitteeReportRequestDto, type ReportFormat } from './committee-report.request.dto.js';
import { readingOf } from '../../http/request-reading.js';

export const DOCX_TYPE = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
export const PDF_TYPE = 'application/pdf';

const badRequest = (detail: string, fields: string[]) =>
  new HttpException(
    problem(HttpStatus.BAD_REQUEST, detail, { errors: fields.map((field) => ({ field, message: detail })) }),
    HttpStatus.BAD_REQUEST,
  );

@ApiTags('plans')
@Controller('plans')
export class CommitteeReportHttpController {
  constructor(
    private readonly queryBus: QueryBus,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(CALENDAR) private readonly calendar: CalendarDays,
  ) {}

  @Get(':planId/report')
  @UseInterceptors(ReadYourWritesInterceptor)
  @Page(committeeReportPage)
  @ApiOperation({
    summary:
      "The quarterly committee report (by default the last full quarter): the council's headings, counts by BRAG at the start and end with a chart, key achievements, stuck and overdue actions, what changed, accountability to sources, and the plan as an appendix; as Word, PDF, HTML or its JSON content, with the event store position and its SHA-256",
  })
  @ApiProduces('application/json', DOCX_TYPE, PDF_TYPE, 'text/html')
  @ApiOkResponse({
    description:
      'The report in the format asked for: as JSON, its content (the figures every form shows) and its SHA-256',
    content: {
      'application/json': { schema: { $ref: getSchemaPath(CommitteeReportDto) } },
      [DOCX_TYPE]: { schema: { type: 'string', format: 'binary' } },
      [PDF_TYPE]: { schema: { type: 'string', format: 'binary' } },
      'text/html': { schema: { type: 'string' } },
    },
  })
  @ApiExtraModels(CommitteeReportDto)
  @ApiBadRequestResponse({ type: ProblemDto })
  @ApiNotFoundResponse({ type: ProblemDto })
  async report(
    @Param('planId', IdParamPipe) planId: string,
    @QueryParams() request: CommitteeReportRequestDto,
    @Req() http: Request,
  ): Promise<CommitteeReport | StreamableFile> {
    const now = this.clock.now();
    const asAt = request.asAt === undefined ? now : asAtOf(request.asAt, this.calendar);
    // A moment still to come would give a report that changes as it is reached: not one to prove anything by.
    if (request.asAt !== undefined && asAt.getTime() > now.getTime())
      throw badRequest(`asAt (${request.asAt}) must not be in the future`, ['asAt']);
    const { since, until } = reportPeriod({ since: request.from, until: request.to }, asAt, this.calendar);
    if (until.getTime() <= since.getTime())
      throw badRequest(
        `from (${request.from ?? since.toISOString()}) must be before to (${request.to ?? until.toISOString()})`,
        ['from', 'to'],
      );
    const report = await this.queryBus.execute(new CommitteeReportQuery(readingOf(http), planId, since, until, asAt));
    if (!report)
      throw new HttpException(
        problem(
          HttpStatus.NOT_FOUND,
          request.asAt ? `No plan ${planId} was recorded by ${request.asAt}` : `No such plan: ${planId}`,
        ),
        HttpStatus.NOT_FOUND,
      );
    return this.answer(report, formatOf(request.format, http));
  }

  private async answer(
    report: CommitteeReport,
    format: ReportFormat | 'page',
  ): Promise<CommitteeReport | StreamableFile> {
    const name = (extension: string) =>
      reportFileName(report.plan.title, report.period.firstDay, report.period.lastDay, extension);
    switch (format) {
      case 'page':
        return report;
      case 'json':
        return file(
          Buffer.from(canonicalJson(report)),
          'application/json; charset=utf-8',
          `attachment; filename="report.json"`,
        );
      case 'html':
        return file(Buffer.from(renderHtmlDocument(report)), 'text/html; charset=utf-8', 'inline');
      case 'docx':
        return file(await renderDocx(report), DOCX_TYPE, attachment(name('docx')));
      case 'pdf':
        return file(await renderPdf(report), PDF_TYPE, attachment(name('pdf')));
      default: {
        const _exhaustive: never = format;
        return _exhaustive;
      }
    }
  }
}

const file = (bytes: Uint8Array, type: string, disposition: string) =>
  new StreamableFile(bytes, { type, disposition, length: bytes.byteLength });

/**
 * The format asked for: `format`, else what Accept prefers. A browser gets the page (the content,
 * rendered by the page interceptor), an API client the content as JSON; `format=html` outside a
 * browser is the report as an HTML file of its own.
 */
function formatOf(format: ReportFormat | undefined, http: Request): ReportFormat | 'page' {
  if (format === 'html') return wantsHtml(http) ? 'page' : 'html';
  if (format) return format;
  if (wantsHtml(http)) return 'page';
  const preferred = http.accepts(['application/json', DOCX_TYPE, PDF_TYPE]);
  return preferred === DOCX_TYPE ? 'docx' : preferred === PDF_TYPE ? 'pdf' : 'page';
}
