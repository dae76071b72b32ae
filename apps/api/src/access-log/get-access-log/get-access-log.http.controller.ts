import { Controller, Get, Inject, Query as QueryParams, Req } from '@nestjs/common';
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
import type { CalendarDays } from '#domain';
import { accessLogCsvHeader, accessLogCsvLine, type AccessLogQuery } from '#read-store';
import { AllowRoles } from '../../auth/auth.decorators.js';
import { ProblemDto } from '../../http/api-docs.dto.js';
import { pagedCsvDownload, wantsCsv } from '../../http/csv-download.js';
import { justAfterDayOrMoment, startOfDayOrMoment } from '../../http/request-fields.js';
import { CALENDAR } from '../../infrastructure/calendar.token.js';
import { AccessLogResponseDto } from './access-log.response.js';
import { GetAccessLogQuery } from './get-access-log.query.js';
import { GetAccessLogRequestDto } from './get-access-log.request.dto.js';

@ApiTags('access-log')
@Controller('access-log')
export class GetAccessLogHttpController {
  constructor(
    private readonly queryBus: QueryBus,
    @Inject(CALENDAR) private readonly calendar: CalendarDays,
  ) {}

  /** Every read that showed a child-level record's words: who, when, through what, which records (admins). */
  @Get()
  @AllowRoles('admin')
  @ApiOperation({
    summary:
      "Every read that showed child-level records' words (who, when, which endpoint, which records), oldest first, keyset-paged by id; as CSV (Accept: text/csv or format=csv) every matching entry (admins)",
  })
  @ApiProduces('application/json', 'text/csv')
  @ApiOkResponse({
    description:
      'As JSON, a page of entries: pass nextAfter as after for the next page (null on the last); or the CSV file',
    content: {
      'application/json': { schema: { $ref: getSchemaPath(AccessLogResponseDto) } },
      'text/csv': { schema: { type: 'string', example: accessLogCsvHeader.trim() } },
    },
  })
  @ApiExtraModels(AccessLogResponseDto)
  @ApiBadRequestResponse({ type: ProblemDto })
  @ApiForbiddenResponse({ description: 'Only admins read the access log', type: ProblemDto })
  async getAccessLog(@QueryParams() request: GetAccessLogRequestDto, @Req() http: Request) {
    const filter: AccessLogQuery = {
      ...(request.actor ? { actor: request.actor } : {}),
      ...(request.from ? { from: startOfDayOrMoment(request.from, this.calendar) } : {}),
      ...(request.to ? { to: justAfterDayOrMoment(request.to, this.calendar) } : {}),
      ...(request.after !== undefined ? { after: request.after } : {}),
      limit: request.limit,
    };
    if (!wantsCsv(request.format, http)) return this.queryBus.execute(new GetAccessLogQuery(filter));
    return pagedCsvDownload(
      'access-log.csv',
      accessLogCsvHeader,
      accessLogCsvLine,
      (after, limit) =>
        this.queryBus.execute(new GetAccessLogQuery({ ...filter, ...(after !== undefined ? { after } : {}), limit })),
      filter.after,
    );
  }
}
