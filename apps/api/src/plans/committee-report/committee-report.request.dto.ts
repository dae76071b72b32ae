import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { ReadQueryDto } from '../../http/read-query.dto.js';
import { OptionalDayOrDateTime } from '../../http/request-fields.js';

export const REPORT_FORMATS = ['html', 'docx', 'pdf', 'json'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

export class CommitteeReportRequestDto extends ReadQueryDto {
  @OptionalDayOrDateTime(
    'The period starts at this moment; a bare day means from its start in TIME_ZONE (Europe/London unless set). Without it, the last full calendar quarter before asAt',
  )
  from?: string;

  @OptionalDayOrDateTime(
    'The period ends before this moment; a bare day is included (to its end in TIME_ZONE). Default: asAt, or the end of the last full quarter when from is not given',
  )
  to?: string;

  @OptionalDayOrDateTime(
    'Produce the report exactly as it would have been produced then: only what had been recorded by this moment (a bare day means its end). Default: now. The same asAt gives the same bytes',
  )
  asAt?: string;

  @ApiPropertyOptional({
    enum: REPORT_FORMATS,
    description:
      'docx (Word, for officers to edit), pdf, html, or json (the content the three are made from); without it, the Accept header decides (a browser gets the page, an API client JSON)',
  })
  @IsOptional()
  @IsIn(REPORT_FORMATS)
  format?: ReportFormat;
}
