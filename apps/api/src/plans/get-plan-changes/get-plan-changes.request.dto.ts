import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import type { ChangesBasis } from '#read-store';
import { ReadQueryDto } from '../../http/read-query.dto.js';
import { OptionalDayOrDateTime } from '../../http/request-fields.js';

export class GetPlanChangesRequestDto extends ReadQueryDto {
  @OptionalDayOrDateTime(
    'The period starts at this moment; a bare day means from its start in TIME_ZONE (Europe/London unless set). Without it, the last full calendar quarter before today (January to March, April to June, July to September, October to December)',
  )
  since?: string;

  @OptionalDayOrDateTime(
    'The period ends before this moment; a bare day is included (up to its end in TIME_ZONE). Default: now, or the end of the last full quarter when since is not given',
  )
  until?: string;

  @ApiPropertyOptional({
    enum: ['recorded', 'effective'],
    default: 'recorded',
    description:
      'What places a change in the period: when it was recorded (what the system showed then), or when it took effect (including what was entered later)',
  })
  @IsOptional()
  @IsIn(['recorded', 'effective'])
  basis?: ChangesBasis;
}
