import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional } from 'class-validator';
import { DateOrTextDto, DateOrTextField } from '../../http/date-or-text.dto.js';
import {
  EffectiveRequestDto,
  OptionalText,
  ReferenceId,
  RequiredText,
  TEXT_LIMITS,
} from '../../http/request-fields.js';

export class CreateActionRequestDto extends EffectiveRequestDto {
  @ReferenceId('The plan the action is in')
  planId!: string;

  @ReferenceId('The source the action answers')
  sourceId!: string;

  @ApiPropertyOptional({ nullable: true })
  @IsOptional()
  @ReferenceId("The source's recommendation it answers; absent when the source has none recorded")
  recommendationId?: string | null;

  @OptionalText(TEXT_LIMITS.name, "The workbook's Ref (not unique across sections)", '1.6a')
  ref?: string | null;

  @RequiredText(TEXT_LIMITS.text, 'Does what? The action itself', 'Audit the quality of written plans quarterly')
  description!: string;

  @OptionalText(TEXT_LIMITS.name, 'Who? The lead officer, as the plan writes it', 'HoS')
  owner?: string | null;

  @OptionalText(TEXT_LIMITS.name, 'The DLT lead', 'RG')
  dltLead?: string | null;

  @ApiPropertyOptional({ nullable: true })
  @IsOptional()
  @DateOrTextField('Start: a date, or the words the plan used')
  start?: DateOrTextDto | null;

  @ApiPropertyOptional({ nullable: true })
  @IsOptional()
  @DateOrTextField('By when? A date, or the words the plan used ("Weekly.", "April-June")')
  due?: DateOrTextDto | null;

  @OptionalText(TEXT_LIMITS.text, 'How will we know it has been done?')
  successMeasure?: string | null;

  @OptionalText(TEXT_LIMITS.text, 'What will be the experience of children?')
  experienceOfChildren?: string | null;

  @OptionalText(
    TEXT_LIMITS.text,
    'The section or priority of the plan it sits under',
    'OFSTED RECOMMENDATION from ILACS 2020 retained for oversight',
  )
  theme?: string | null;
}
