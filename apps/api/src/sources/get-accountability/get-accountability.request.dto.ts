import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { SOURCE_KIND_GROUP_NAMES, SOURCE_KINDS, type SourceKind, type SourceKindGroupName } from '#domain';
import { ReadQueryDto } from '../../http/read-query.dto.js';

export class GetAccountabilityRequestDto extends ReadQueryDto {
  @ApiPropertyOptional({
    enum: [...SOURCE_KIND_GROUP_NAMES, ...SOURCE_KINDS],
    description: 'Only sources of this kind, or of this group of kinds (ofsted: inspections and focused visits)',
  })
  @IsOptional()
  @IsIn([...SOURCE_KIND_GROUP_NAMES, ...SOURCE_KINDS])
  kind?: SourceKindGroupName | SourceKind;
}
