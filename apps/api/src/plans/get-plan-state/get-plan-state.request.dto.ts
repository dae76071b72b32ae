import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsOptional, IsString, MaxLength } from 'class-validator';
import { SOURCE_KIND_GROUP_NAMES, SOURCE_KINDS, type SourceKind, type SourceKindGroupName } from '#domain';
import { ACTION_SORTS, STATUS_FILTERS, type ActionSort, type StatusFilter } from '#read-store';
import { PagedAsItStoodQueryDto } from '../../http/read-query.dto.js';

const toBoolean = ({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value);

export class GetPlanStateRequestDto extends PagedAsItStoodQueryDto {
  @ApiPropertyOptional({ enum: STATUS_FILTERS })
  @IsOptional()
  @IsIn(STATUS_FILTERS)
  status?: StatusFilter;

  @ApiPropertyOptional({ description: 'Owner as the plan writes it (initials or role), any case', example: 'HoS' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  owner?: string;

  @ApiPropertyOptional({
    enum: [...SOURCE_KIND_GROUP_NAMES, ...SOURCE_KINDS],
    description:
      'Only actions answering a source of this kind, or of this group of kinds (ofsted: inspections and focused visits)',
  })
  @IsOptional()
  @IsIn([...SOURCE_KIND_GROUP_NAMES, ...SOURCE_KINDS])
  sourceKind?: SourceKindGroupName | SourceKind;

  @ApiPropertyOptional({
    description: 'Only actions past their due date and not done (true), or only the others (false)',
  })
  @IsOptional()
  @Transform(toBoolean)
  @IsBoolean()
  overdue?: boolean;

  @ApiPropertyOptional({ description: 'Only actions completed but retained for oversight (true), or only the others' })
  @IsOptional()
  @Transform(toBoolean)
  @IsBoolean()
  retained?: boolean;

  @ApiPropertyOptional({ description: 'List actions carried forward out of this plan too (default true)' })
  @IsOptional()
  @Transform(toBoolean)
  @IsBoolean()
  includeCarriedForward?: boolean;

  @ApiPropertyOptional({ enum: ACTION_SORTS, default: 'ref' })
  @IsOptional()
  @IsIn(ACTION_SORTS)
  sort?: ActionSort;

  @ApiPropertyOptional({ enum: ['asc', 'desc'], default: 'asc' })
  @IsOptional()
  @IsIn(['asc', 'desc'])
  order?: 'asc' | 'desc';
}
