import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import type { CalendarDays } from '#domain';
import {
  IsInt,
  IsISO8601,
  IsNotEmpty,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateBy,
  ValidateIf,
} from 'class-validator';

/** Limits on free text: generous for what plans hold, bounded so one field cannot fill the store. */
export const TEXT_LIMITS = { name: 200, title: 500, reason: 2000, url: 2048, text: 10_000 } as const;

/** Required text: present, a string, not blank, at most `max` characters. */
export const RequiredText = (max: number, description: string, example?: string) =>
  applyDecorators(
    ApiProperty({ description, maxLength: max, example }),
    IsString(),
    IsNotEmpty(),
    Matches(/\S/, { message: '$property must not be blank' }),
    MaxLength(max),
  );

/** Optional text: absent or null, or a string of at most `max` characters. */
export const OptionalText = (max: number, description: string, example?: string) =>
  applyDecorators(
    ApiPropertyOptional({ description, maxLength: max, example, nullable: true }),
    IsOptional(),
    IsString(),
    MaxLength(max),
  );

const TIME_AND_OFFSET = /T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;

/** An optional real calendar date and time with its offset, e.g. 2019-01-15T09:00:00Z. */
export const OptionalDateTime = (description: string, example = '2019-01-15T09:00:00Z') =>
  applyDecorators(
    ApiPropertyOptional({ description, example, format: 'date-time' }),
    IsOptional(),
    IsISO8601(
      { strict: true, strictSeparator: true },
      { message: `$property must be an ISO 8601 date and time, e.g. ${example}` },
    ),
    Matches(TIME_AND_OFFSET, { message: `$property must give a time and an offset, e.g. ${example}` }),
  );

/** When a change took effect in the world. */
export const EffectiveAt = () =>
  OptionalDateTime('When the change took effect in the world (defaults to now; never in the future)');

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const DAY_OR_DATE_TIME_MESSAGE =
  '$property must be a real date (2019-01-31) or a date and time with an offset (2019-01-31T17:00:00Z)';
const dayOrDateTime = () => [
  IsISO8601({ strict: true, strictSeparator: true }, { message: DAY_OR_DATE_TIME_MESSAGE }),
  Matches(new RegExp(`${DAY.source}|${TIME_AND_OFFSET.source}`), { message: DAY_OR_DATE_TIME_MESSAGE }),
];

/** A day or a moment with its offset: what a bare day stands for is the caller's to say. */
export const DayOrDateTime = (description: string) =>
  applyDecorators(ApiProperty({ description, examples: ['2019-01-31', '2019-01-31T17:00:00Z'] }), ...dayOrDateTime());

export const OptionalDayOrDateTime = (description: string) =>
  applyDecorators(
    ApiPropertyOptional({ description, examples: ['2019-01-31', '2019-01-31T17:00:00Z'] }),
    IsOptional(),
    ...dayOrDateTime(),
  );

/**
 * The instant a day-or-moment parameter stands for, when a bare day means up to its end: the last
 * millisecond before the next midnight in the service's zone (TIME_ZONE), not in UTC.
 */
export function endOfDayOrMoment(value: string, calendar: CalendarDays): Date {
  return DAY.test(value) ? calendar.endOf(value) : new Date(value);
}

/** The instant a day-or-moment parameter stands for, when a bare day means from its start (its midnight in the service's zone). */
export function startOfDayOrMoment(value: string, calendar: CalendarDays): Date {
  return DAY.test(value) ? calendar.startOf(value) : new Date(value);
}

/**
 * The first instant after a day-or-moment parameter, for a bound that excludes it: a bare day
 * means the start of the next day in the service's zone, so everything in that day, to the
 * microsecond, is inside.
 */
export function justAfterDayOrMoment(value: string, calendar: CalendarDays): Date {
  return DAY.test(value) ? calendar.startOfNext(value) : new Date(value);
}

/** A real calendar date, e.g. 2024-05-31. */
export const CalendarDate = (description: string) =>
  applyDecorators(
    ApiProperty({ description, example: '2024-05-31', format: 'date' }),
    IsISO8601({ strict: true }, { message: '$property must be a real date, e.g. 2024-05-31' }),
    Matches(/^\d{4}-\d{2}-\d{2}$/, { message: '$property must be a date as YYYY-MM-DD' }),
  );

/** The id of another resource: a UUID, in lower case as stream ids are. */
export const ReferenceId = (description: string) =>
  applyDecorators(
    ApiProperty({ description, format: 'uuid' }),
    Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.toLowerCase() : value)),
    IsUUID(undefined, { message: '$property must be a UUID' }),
  );

/**
 * A field of one kind of a tagged object (`{ kind: 'date', date } | { kind: 'text', text }`):
 * checked when `kind` names it, refused when `kind` names another, so no field is silently dropped.
 */
export const ForKind = (kind: string) =>
  applyDecorators(
    ValidateIf((object: { kind?: unknown }, value: unknown) => object.kind === kind || value !== undefined),
    ValidateBy({
      name: 'forKind',
      constraints: [kind],
      validator: {
        validate: (_value: unknown, args) => (args?.object as { kind?: unknown }).kind === kind,
        defaultMessage: () => `$property is only for kind '${kind}'`,
      },
    }),
  );

/** The fields every command that takes effect at a time may carry. */
export class EffectiveRequestDto {
  @EffectiveAt()
  effectiveAt?: string;
}

/** A change that must say why. */
export class ReasonedRequestDto extends EffectiveRequestDto {
  @RequiredText(TEXT_LIMITS.reason, 'Why the change was made', 'Agreed at the March DLT')
  reason!: string;
}

/** A change that may say why. */
export class OptionallyReasonedRequestDto extends EffectiveRequestDto {
  @OptionalText(TEXT_LIMITS.reason, 'Why the change was made')
  reason?: string | null;
}

/** Keyset paging's cursor: entries after this one (the nextAfter of the page before). */
export const PageAfter = (description: string) =>
  applyDecorators(
    ApiPropertyOptional({ description, minimum: 0 }),
    IsOptional(),
    Type(() => Number),
    IsInt(),
    Min(0),
  );

/** Entries a page of a log (1 to 1,000; 100 by default); a CSV download holds every matching entry. */
export const PageLimit = () =>
  applyDecorators(
    ApiPropertyOptional({
      type: 'integer',
      minimum: 1,
      maximum: 1000,
      default: 100,
      description: 'Entries a page (JSON only: CSV holds every matching entry)',
    }),
    IsOptional(),
    Type(() => Number),
    IsInt(),
    Min(1),
    Max(1000),
  );
