import { DateOrTextDto, DateOrTextField } from '../../http/date-or-text.dto.js';
import { ReasonedRequestDto } from '../../http/request-fields.js';

export class ChangeDueDateRequestDto extends ReasonedRequestDto {
  @DateOrTextField('The new due date, or the words the plan used ("June and March 2025")')
  to!: DateOrTextDto;
}
