import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { ArrayMaxSize, IsIn, IsOptional, IsString, MaxLength } from 'class-validator';
import { ReadQueryDto } from '../../http/read-query.dto.js';
import { OptionalDayOrDateTime, PageAfter, PageLimit } from '../../http/request-fields.js';

/** `type=A&type=B` or `type=A,B`: a list of event types. */
const toList = ({ value }: { value: unknown }) =>
  Array.isArray(value) || typeof value === 'string'
    ? ([] as unknown[]).concat(value).flatMap((item) =>
        typeof item === 'string'
          ? item
              .split(',')
              .map((part) => part.trim())
              .filter((part) => part !== '')
          : [item],
      )
    : value;

export const AUDIT_LOG_FORMATS = ['json', 'csv'] as const;

export class GetAuditLogRequestDto extends ReadQueryDto {
  @ApiPropertyOptional({ description: 'Who wrote it: the actor id (an API key id) or name', example: 'test manager' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  actor?: string;

  @ApiPropertyOptional({
    description: 'Event types: repeat the parameter or separate them with commas',
    type: [String],
    example: ['CommentAdded'],
  })
  @IsOptional()
  @Transform(toList)
  @ArrayMaxSize(100)
  @IsString({ each: true })
  @MaxLength(100, { each: true })
  type?: string[];

  @ApiPropertyOptional({ description: 'The stream written to, e.g. action-<id>' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  stream?: string;

  @ApiPropertyOptional({ description: 'Only events of this action', format: 'uuid' })
  @IsOptional()
  @Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.toLowerCase() : value))
  @IsString()
  @MaxLength(200)
  actionId?: string;

  @ApiPropertyOptional({ description: 'Only events in this plan', format: 'uuid' })
  @IsOptional()
  @Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.toLowerCase() : value))
  @IsString()
  @MaxLength(200)
  planId?: string;

  @OptionalDayOrDateTime(
    'Recorded at or after this moment; a bare day (2024-01-15) means from the start of that day in TIME_ZONE (Europe/London unless set)',
  )
  from?: string;

  @OptionalDayOrDateTime(
    'Recorded before this moment; a bare day (2024-01-31) means up to the end of that day in TIME_ZONE, so the day itself is included',
  )
  to?: string;

  @PageAfter('Keyset paging: entries after this position (the nextAfter of the page before)')
  after?: number;

  @PageLimit()
  limit = 100;

  @ApiPropertyOptional({
    enum: AUDIT_LOG_FORMATS,
    description: 'csv for a spreadsheet (as is Accept: text/csv); default json',
  })
  @IsOptional()
  @IsIn(AUDIT_LOG_FORMATS)
  format?: (typeof AUDIT_LOG_FORMATS)[number];
}
