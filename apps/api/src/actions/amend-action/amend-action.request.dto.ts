import { ApiProperty, PartialType, PickType } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsDefined, IsNotEmptyObject, ValidateNested } from 'class-validator';
import { AMENDABLE_FIELDS, type ActionAmendments } from '#domain';
import { toOptionalDateOrText } from '../../http/date-or-text.dto.js';
import { ReasonedRequestDto } from '../../http/request-fields.js';
import { CreateActionRequestDto } from '../create-action/create-action.request.dto.js';

/**
 * Only the fields that change, as creating an action takes them; null empties one (the action
 * itself cannot be emptied: its rule refuses null). Absent is unchanged, so each field is checked
 * only when sent. Owner, due date and status have endpoints of their own.
 */
export class ActionChangesDto extends PartialType(PickType(CreateActionRequestDto, AMENDABLE_FIELDS), {
  skipNullProperties: false,
}) {}

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
