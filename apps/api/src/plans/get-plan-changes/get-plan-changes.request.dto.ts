import { ReadQueryDto } from '../../http/read-query.dto.js';
import { DayOrDateTime, OptionalDayOrDateTime } from '../../http/request-fields.js';

export class GetPlanChangesRequestDto extends ReadQueryDto {
  @DayOrDateTime('Recorded from this moment on; a bare day means from its start (UTC)')
  since!: string;

  @OptionalDayOrDateTime('Recorded before this moment (default now); a bare day means before its start (UTC)')
  until?: string;
}
