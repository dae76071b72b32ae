import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsDefined, IsNotEmptyObject, IsOptional, ValidateIf, ValidateNested } from 'class-validator';
import type { ActionAmendments } from '#domain';
import { DateOrTextDto, DateOrTextField, toOptionalDateOrText } from '../../http/date-or-text.dto.js';
import { OptionalText, ReasonedRequestDto, RequiredText, TEXT_LIMITS } from '../../http/request-fields.js';

/** Only the fields that change; null empties one. Owner, due date and status have endpoints of their own. */
export class ActionChangesDto {
  @ApiPropertyOptional({ description: 'The action itself (cannot be emptied)' })
  @ValidateIf((_: unknown, value: unknown) => value !== undefined)
  @RequiredText(TEXT_LIMITS.text, 'The action itself')
  description?: string;

  @OptionalText(TEXT_LIMITS.text, 'How will we know it has been done?')
  successMeasure?: string | null;

  @OptionalText(TEXT_LIMITS.text, 'What will be the experience of children?')
  experienceOfChildren?: string | null;

  @OptionalText(TEXT_LIMITS.text, 'The section or priority of the plan it sits under')
  theme?: string | null;

  @OptionalText(TEXT_LIMITS.name, "The workbook's Ref", '1.6a')
  ref?: string | null;

  @OptionalText(TEXT_LIMITS.name, 'The DLT lead', 'RG')
  dltLead?: string | null;

  @ApiPropertyOptional({ nullable: true })
  @IsOptional()
  @DateOrTextField('Start: a date, or the words the plan used')
  start?: DateOrTextDto | null;
}

export function toAmendments(changes: ActionChangesDto): ActionAmendments {
  const { start, ...text } = changes;
  // Absent means unchanged: only the fields sent are passed on.
  const amendments: ActionAmendments = Object.fromEntries(
    Object.entries(text).filter(([, value]) => value !== undefined),
  );
  if (start !== undefined) amendments.start = toOptionalDateOrText(start);
  return amendments;
}

export class AmendActionRequestDto extends ReasonedRequestDto {
  @ApiProperty({ type: () => ActionChangesDto, description: 'At least one field to change' })
  @IsDefined()
  @IsNotEmptyObject({}, { message: '$property must name at least one field to change' })
  @ValidateNested()
  @Type(() => ActionChangesDto)
  changes!: ActionChangesDto;
}
