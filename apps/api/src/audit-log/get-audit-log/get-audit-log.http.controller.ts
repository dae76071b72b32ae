import { Controller, Get, Inject, Query as QueryParams, Req, UseInterceptors } from '@nestjs/common';
import type { CalendarDays } from '#domain';
import { CALENDAR } from '../../infrastructure/calendar.token.js';
import { QueryBus } from '@nestjs/cqrs';
import {
  ApiBadRequestResponse,
  ApiExtraModels,
  ApiForbiddenResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiTags,
  getSchemaPath,
} from '@nestjs/swagger';
import type { Request } from 'express';
import { auditCsvHeader, auditCsvLine, type AuditLogQuery } from '#read-store';
import { AllowRoles } from '../../auth/auth.decorators.js';
import { ProblemDto } from '../../http/api-docs.dto.js';
import { pagedCsvDownload, wantsCsv } from '../../http/csv-download.js';
import { ReadYourWritesInterceptor } from '../../http/read-your-writes.interceptor.js';
import { justAfterDayOrMoment, startOfDayOrMoment } from '../../http/request-fields.js';
import { Page } from '../../web/page.decorator.js';
import { auditLogPage } from './get-audit-log.page.js';
import { GetAuditLogQuery } from './get-audit-log.query.js';
import { GetAuditLogRequestDto } from './get-audit-log.request.dto.js';
import { AuditLogResponseDto } from './audit-log.response.js';
import { readingOf } from '../../http/request-reading.js';

@ApiTags('audit-log')
@Controller('audit-log')
export class GetAuditLogHttpController {
  constructor(
    private readonly queryBus: QueryBus,
    @Inject(CALENDAR) private readonly calendar: CalendarDays,
  ) {}

  /** JSON or CSV for the API; in a browser, the audit log page. For auditors and admins, as the issue sets out: it shows every change by everyone. */
  @Get()
  @AllowRoles('auditor', 'admin')
  @UseInterceptors(ReadYourWritesInterceptor)
  @Page(auditLogPage)
  @ApiOperation({
    summary:
      'Every event with who, what, when and why, filtered and keyset-paged by position, oldest first; as CSV (Accept: text/csv or format=csv) every matching entry (auditors and admins)',
  })
  @ApiProduces('application/json', 'text/csv')
  @ApiOkResponse({
    description:
      'As JSON, a page of entries: pass nextAfter as after for the next page (null on the last); or the CSV file',
    content: {
      'application/json': { schema: { $ref: getSchemaPath(AuditLogResponseDto) } },
      'text/csv': {
        schema: {
          type: 'string',
          example:
            'position,recordedAt,effectiveAt,actorId,actorName,actorRole,type,streamId,revision,reason,origin,data',
        },
      },
    },
  })
  @ApiExtraModels(AuditLogResponseDto)
  @ApiBadRequestResponse({ type: ProblemDto })
  @ApiForbiddenResponse({ description: 'Managers and inspectors cannot read the audit log', type: ProblemDto })
  async getAuditLog(@QueryParams() request: GetAuditLogRequestDto, @Req() http: Request) {
    const filter = this.filterOf(request);
    const reading = readingOf(http);
    if (!wantsCsv(request.format, http)) return this.queryBus.execute(new GetAuditLogQuery(reading, filter));
    return pagedCsvDownload(
      'audit-log.csv',
      auditCsvHeader,
      auditCsvLine,
      (after, limit) =>
        this.queryBus.execute(
          new GetAuditLogQuery(reading, { ...filter, ...(after !== undefined ? { after } : {}), limit }),
        ),
      filter.after,
    );
  }

  private filterOf({
    actor,
    type,
    stream,
    actionId,
    planId,
    from,
    to,
    after,
    limit,
  }: GetAuditLogRequestDto): AuditLogQuery {
    return {
      ...(actor ? { actor } : {}),
      ...(type?.length ? { type } : {}),
      ...(stream ? { stream } : {}),
      ...(actionId ? { actionId } : {}),
      ...(planId ? { planId } : {}),
      ...(from ? { from: startOfDayOrMoment(from, this.calendar) } : {}),
      ...(to ? { to: justAfterDayOrMoment(to, this.calendar) } : {}),
      ...(after !== undefined ? { after } : {}),
      limit,
    };
  }
}
