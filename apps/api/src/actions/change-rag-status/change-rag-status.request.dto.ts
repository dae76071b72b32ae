import { ApiProperty } from '@nestjs/swagger';
import { IsIn } from 'class-validator';
import { RAG_STATUSES, type RagStatus } from '#domain';
import { ReasonedRequestDto } from '../../http/request-fields.js';

export class ChangeRagStatusRequestDto extends ReasonedRequestDto {
  @ApiProperty({
    enum: RAG_STATUSES,
    description: 'BRAG: blue = completed, red = stuck, amber = more work needed, green = on track',
  })
  @IsIn(RAG_STATUSES)
  to!: RagStatus;
}
