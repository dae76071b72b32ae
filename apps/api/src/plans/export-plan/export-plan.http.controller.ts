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
import { CALENDAR } from '../../infrastructure/calendar.token.js';
import { QueryBus } from '@nestjs/cqrs';
import {
  ApiBadRequestResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiTags,
} from '@nestjs/swagger';
import type { Request } from 'express';
import { logSecurityEvent } from '../../http/access-log.js';
import { ProblemDto } from '../../http/api-docs.dto.js';
import { IdParamPipe } from '../../http/id-param.pipe.js';
import { problem } from '../../http/problem.js';
import { ReadYourWritesInterceptor } from '../../http/read-your-writes.interceptor.js';
import { asItStood } from '../../http/read-query.dto.js';
import { ExportPlanQuery } from './export-plan.query.js';
import { ExportPlanRequestDto } from './export-plan.request.dto.js';
import { readingOf } from '../../http/request-reading.js';

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

@ApiTags('plans')
@Controller('plans')
export class ExportPlanHttpController {
  constructor(
    private readonly queryBus: QueryBus,
    @Inject(CALENDAR) private readonly calendar: CalendarDays,
  ) {}

  @Get(':planId/export.xlsx')
  @UseInterceptors(ReadYourWritesInterceptor)
  @ApiOperation({
    summary:
      "The plan as a workbook in the council's own layout (title rows, header, sections, a row an action, BRAG words and fills, dated comments), as it stands or as it stood (asOf, asAt); importing it again changes nothing",
  })
  @ApiProduces(XLSX_TYPE)
  @ApiOkResponse({ description: 'The .xlsx file, as an attachment named after the plan' })
  @ApiBadRequestResponse({ type: ProblemDto })
  @ApiNotFoundResponse({ type: ProblemDto })
  async exportPlan(
    @Param('planId', IdParamPipe) planId: string,
    @QueryParams() request: ExportPlanRequestDto,
    @Req() http: Request,
  ): Promise<StreamableFile> {
    const workbook = await this.queryBus.execute(
      new ExportPlanQuery(readingOf(http), planId, asItStood(request, this.calendar)),
    );
    if (!workbook)
      throw new HttpException(
        problem(
          HttpStatus.NOT_FOUND,
          request.asAt ? `No plan ${planId} was recorded by ${request.asAt}` : `No such plan: ${planId}`,
        ),
        HttpStatus.NOT_FOUND,
      );
    logSecurityEvent(http, 'export', { planId, asAt: request.asAt ?? null, bytes: workbook.bytes.byteLength });
    return new StreamableFile(workbook.bytes, {
      type: XLSX_TYPE,
      disposition: attachment(workbook.fileName),
      length: workbook.bytes.byteLength,
    });
  }
}

// The name as plain ASCII for every client, and in full (RFC 6266 filename*) when it has more.
export function attachment(fileName: string): string {
  const ascii = fileName.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  return ascii === fileName
    ? `attachment; filename="${fileName}"`
    : `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(fileName)}`;
}
