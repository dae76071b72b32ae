import { ApiProperty } from '@nestjs/swagger';
import { SOURCE_KINDS } from '#domain';
import { SourceRefDto } from '../get-recommendation-history/recommendation-history.response.js';

/** For the API description only: GET /sources and GET /sources/accountability. */

export class BragCountsDto {
  @ApiProperty({ type: 'integer', example: 4 }) blue!: number;
  @ApiProperty({ type: 'integer', example: 1 }) red!: number;
  @ApiProperty({ type: 'integer', example: 6 }) amber!: number;
  @ApiProperty({ type: 'integer', example: 2 }) green!: number;
  @ApiProperty({ type: 'integer', example: 0 }) unrated!: number;
}

export class AccountablePlanDto {
  @ApiProperty({ format: 'uuid', example: '5f0e8a3c-1d2b-4c6e-9f7a-8b9c0d1e2f30' }) id!: string;
  @ApiProperty({ example: 'Service Development Plan 2024-25' }) title!: string;
  @ApiProperty({ format: 'date', example: '2024-04-01' }) periodStart!: string;
}

export class SourceAccountabilityDto {
  @ApiProperty({ type: () => SourceRefDto }) source!: SourceRefDto;
  @ApiProperty({
    type: 'integer',
    description: 'Its recommendations (those joined to another counted there)',
    example: 6,
  })
  recommendations!: number;
  @ApiProperty({ type: 'integer', example: 13 }) actions!: number;
  @ApiProperty({ type: 'integer', example: 4 }) complete!: number;
  @ApiProperty({ type: 'integer', description: 'Red', example: 1 }) stuck!: number;
  @ApiProperty({ type: 'integer', example: 2 }) overdue!: number;
  @ApiProperty({ type: 'integer', example: 0 }) withdrawn!: number;
  @ApiProperty({
    type: 'string',
    format: 'date-time',
    nullable: true,
    description: 'When any of its actions last moved; null when it has none',
    example: '2024-06-28T09:00:00.000Z',
  })
  lastMovedAt!: string | null;
  @ApiProperty({ type: () => BragCountsDto, description: 'Its actions by BRAG status, withdrawn ones left out' })
  brag!: BragCountsDto;
  @ApiProperty({ type: () => [AccountablePlanDto], description: 'The plans its actions are in now, newest first' })
  plans!: AccountablePlanDto[];
}

export class AccountabilityGroupDto {
  @ApiProperty({ enum: SOURCE_KINDS, example: 'ofsted-inspection' }) kind!: string;
  @ApiProperty({ type: () => [SourceAccountabilityDto] }) sources!: SourceAccountabilityDto[];
}

export class AccountabilityResponseDto {
  @ApiProperty({ type: () => [AccountabilityGroupDto], description: 'One group per kind of source' })
  groups!: AccountabilityGroupDto[];
}
