import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsDefined, IsIn, ValidateNested } from 'class-validator';
import type { DateOrText } from '#domain';
import { CalendarDate, ForKind, RequiredText, TEXT_LIMITS } from './request-fields.js';

const KINDS = ['date', 'text'] as const;

/** A plan's date cell: a real date, or the plan's own words ("Weekly.", "April-June") kept as written. */
export class DateOrTextDto {
  @ApiProperty({ enum: KINDS, description: "'date' for a real date, 'text' for the plan's words", example: 'date' })
  @IsIn(KINDS)
  kind!: DateOrText['kind'];

  @ApiPropertyOptional({ description: "With kind 'date'" })
  @ForKind('date')
  @CalendarDate("With kind 'date': the date")
  date?: string;

  @ApiPropertyOptional({ description: "With kind 'text'" })
  @ForKind('text')
  @RequiredText(TEXT_LIMITS.title, "With kind 'text': the plan's words, verbatim", 'April-June')
  text?: string;
}

/** A required DateOrText field; put `@ApiPropertyOptional({ nullable: true }) @IsOptional()` above it for an optional one. */
export const DateOrTextField = (description: string) =>
  applyDecorators(
    ApiProperty({ type: () => DateOrTextDto, description }),
    IsDefined(),
    ValidateNested(),
    Type(() => DateOrTextDto),
  );

export const toDateOrText = (value: DateOrTextDto): DateOrText =>
  value.kind === 'date' ? { kind: 'date', date: value.date! } : { kind: 'text', text: value.text! };

/** Null stays null (an empty cell); absent stays absent (no change). */
export function toOptionalDateOrText(value: DateOrTextDto | null): DateOrText | null;
export function toOptionalDateOrText(value: DateOrTextDto | null | undefined): DateOrText | null | undefined;
export function toOptionalDateOrText(value: DateOrTextDto | null | undefined): DateOrText | null | undefined {
  return value === null || value === undefined ? value : toDateOrText(value);
}
