import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, MaxLength } from 'class-validator';
import { OptionalDayOrDateTime, PageAfter, PageLimit } from '../../http/request-fields.js';

export const ACCESS_LOG_FORMATS = ['json', 'csv'] as const;

export class GetAccessLogRequestDto {
  @ApiPropertyOptional({ description: 'Who read: the API key id or its holder name', example: 'test inspector' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  actor?: string;

  @OptionalDayOrDateTime(
    'Read at or after this moment; a bare day (2024-01-15) means from the start of that day in TIME_ZONE',
  )
  from?: string;

  @OptionalDayOrDateTime('Read before this moment; a bare day means up to the end of that day in TIME_ZONE')
  to?: string;

  @PageAfter('Keyset paging: entries after this id (the nextAfter of the page before)')
  after?: number;

  @PageLimit()
  limit = 100;

  @ApiPropertyOptional({ enum: ACCESS_LOG_FORMATS, description: 'csv for a spreadsheet (as is Accept: text/csv)' })
  @IsOptional()
  @IsIn(ACCESS_LOG_FORMATS)
  format?: (typeof ACCESS_LOG_FORMATS)[number];
}
