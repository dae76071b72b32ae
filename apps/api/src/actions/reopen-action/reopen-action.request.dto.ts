import { ApiProperty } from '@nestjs/swagger';
import { IsIn } from 'class-validator';
import { RAG_STATUSES, type RagStatus } from '#domain';
import { ReasonedRequestDto } from '../../http/request-fields.js';

/** Blue means completed, so a reopened action is red, amber or green. */
const OPEN_STATUSES = RAG_STATUSES.filter((status): status is Exclude<RagStatus, 'blue'> => status !== 'blue');

export class ReopenActionRequestDto extends ReasonedRequestDto {
  @ApiProperty({
    enum: OPEN_STATUSES,
    description: 'Its status now: red = stuck, amber = more work needed, green = on track',
  })
  @IsIn(OPEN_STATUSES)
  status!: Exclude<RagStatus, 'blue'>;
}
