import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { SOURCE_KINDS, type SourceKind } from '#domain';
import { CalendarDate, RequiredText, TEXT_LIMITS } from '../../http/request-fields.js';

export class RegisterSourceRequestDto {
  @ApiProperty({ enum: SOURCE_KINDS, example: 'ofsted-inspection' })
  @IsIn(SOURCE_KINDS)
  kind!: SourceKind;

  @RequiredText(TEXT_LIMITS.title, 'The source as people name it', 'Ofsted ILACS inspection, July 2016')
  title!: string;

  @ApiPropertyOptional({ nullable: true })
  @IsOptional()
  @CalendarDate('When the inspection, audit or feedback took place; absent when the papers give none')
  date?: string | null;
}
