import { OptionallyReasonedRequestDto, ReferenceId } from '../../http/request-fields.js';

export class CarryForwardActionRequestDto extends OptionallyReasonedRequestDto {
  @ReferenceId('The plan it moves into (must exist, and not be one the action has already been through)')
  toPlanId!: string;
}
