import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { SOURCE_KINDS, type SourceKind } from '#domain';
import { ReadQueryDto } from '../../http/read-query.dto.js';

export class GetAccountabilityRequestDto extends ReadQueryDto {
  @ApiPropertyOptional({ enum: SOURCE_KINDS, description: 'Only sources of this kind' })
  @IsOptional()
  @IsIn(SOURCE_KINDS)
  kind?: SourceKind;
}
