import { ReasonedRequestDto, RequiredText, TEXT_LIMITS } from '../../http/request-fields.js';

export class ReassignActionRequestDto extends ReasonedRequestDto {
  @RequiredText(TEXT_LIMITS.name, 'The new lead officer, as the plan writes it: initials or a role', 'RG/JH')
  to!: string;
}
