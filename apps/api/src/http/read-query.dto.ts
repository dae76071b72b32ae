import { ApiPropertyOptional, IntersectionType } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';
import type { CalendarDays } from '#domain';
import type { AsItStood } from '#read-store';
import { endOfDayOrMoment, OptionalDayOrDateTime } from './request-fields.js';

/** What every query accepts: the position of the caller's last write, to read it back. */
export class ReadQueryDto {
  @ApiPropertyOptional({
    description: 'Wait until the read models include this global position (a write answers it)',
    example: 1207,
  })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  waitFor?: number;
}

export class PagedQueryDto extends ReadQueryDto {
  @ApiPropertyOptional({ type: 'integer', minimum: 1, default: 1 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  page = 1;

  @ApiPropertyOptional({ type: 'integer', minimum: 1, maximum: 500, default: 50 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(500)
  pageSize = 50;
}

/** What a query that can look back accepts: the moment to look from, by effective and by recorded time. */
export class AsItStoodQueryDto extends ReadQueryDto {
  @OptionalDayOrDateTime(
    'As it stood then by effective time: what was true, including history entered later. A bare day means its end in TIME_ZONE (Europe/London unless set).',
  )
  asOf?: string;

  @OptionalDayOrDateTime(
    'As the system showed it then (recorded time). Combine with asOf to ask what the system then said was true at an earlier time.',
  )
  asAt?: string;
}

export class PagedAsItStoodQueryDto extends IntersectionType(PagedQueryDto, AsItStoodQueryDto) {}

/** The moment a request looks from, or undefined for now; a bare day is up to its end in the service's zone. */
export function asItStood(query: AsItStoodQueryDto, calendar: CalendarDays): AsItStood | undefined {
  if (query.asOf === undefined && query.asAt === undefined) return undefined;
  return {
    ...(query.asOf !== undefined ? { asOf: endOfDayOrMoment(query.asOf, calendar) } : {}),
    ...(query.asAt !== undefined ? { asAt: endOfDayOrMoment(query.asAt, calendar) } : {}),
  };
}

/**
 * The day "overdue" is judged against, in the service's zone: looking back, the day looked at
 * (asOf), else the day the system was looked at (asAt); looking at now, today.
 */
export function dayJudged(calendar: CalendarDays, now: Date, when?: AsItStood): string {
  const moment = when?.asOf ?? when?.asAt;
  return calendar.dayOf(moment ?? now);
}
