import { ApiProperty } from '@nestjs/swagger';
import { RECOMMENDATION_LEVELS, SOURCE_KINDS } from '#domain';
import { AuditEntryDto } from '../../audit-log/get-audit-log/audit-log.response.js';
import { ActionViewDto } from '../../plans/get-plan-state/plan-state.response.js';

/** For the API description only: GET /recommendations/:recommendationId/history (and GET /recommendations/:recommendationId). */

export class RecommendationViewDto {
  @ApiProperty({ format: 'uuid', example: '2a4c6e80-1b3d-4f5a-8c7e-9d0f1a2b3c4d' }) id!: string;
  @ApiProperty({ format: 'uuid', description: 'The source that made it' }) sourceId!: string;
  @ApiProperty({ type: 'string', nullable: true, example: 'Ofsted recommendation 1' }) reference!: string | null;
  @ApiProperty({
    example:
      'Further improve the quality and consistency of written plans for children, so that they are clear about what needs to happen and by when.',
  })
  text!: string;
  @ApiProperty({
    enum: RECOMMENDATION_LEVELS,
    description: 'About the service, or about one child',
    example: 'service',
  })
  level!: string;
}

export class SourceRefDto {
  @ApiProperty({ format: 'uuid', example: '9c8b7a65-4d3e-4f21-8a0b-1c2d3e4f5a6b' }) id!: string;
  @ApiProperty({ enum: SOURCE_KINDS, example: 'ofsted-inspection' }) kind!: string;
  @ApiProperty({ example: 'Ofsted ILACS inspection, March 2020' }) title!: string;
  @ApiProperty({ type: 'string', format: 'date', nullable: true, example: '2020-03-06' }) date!: string | null;
}

export class PlanWordingDto {
  @ApiProperty({ format: 'uuid', description: 'The recommendation whose words these are' }) recommendationId!: string;
  @ApiProperty({ type: 'string', nullable: true, example: 'Ofsted recommendation 1' }) reference!: string | null;
  @ApiProperty({ example: 'Improve the quality and consistency of written plans for children.' }) text!: string;
  @ApiProperty({ description: 'The plan restated it in words of its own', example: false }) restated!: boolean;
}

export class RecommendationPlanDto {
  @ApiProperty({ format: 'uuid', example: '5f0e8a3c-1d2b-4c6e-9f7a-8b9c0d1e2f30' }) id!: string;
  @ApiProperty({ example: 'Service Development Plan 2024-25' }) title!: string;
  @ApiProperty({ format: 'date', example: '2024-04-01' }) periodStart!: string;
  @ApiProperty({ format: 'date', example: '2025-03-31' }) periodEnd!: string;
  @ApiProperty({ type: () => PlanWordingDto, description: 'The words this plan gave it' }) wording!: PlanWordingDto;
}

export class RecommendationActionDto {
  @ApiProperty({ format: 'uuid', example: '7d1f0c8e-2b4a-4e59-8c3d-5a6b7c8d9e0f' }) actionId!: string;
  @ApiProperty({
    type: [String],
    description: 'Every plan it has been in, in order',
    example: ['5f0e8a3c-1d2b-4c6e-9f7a-8b9c0d1e2f30'],
  })
  planIds!: string[];
  @ApiProperty({ type: () => ActionViewDto, nullable: true, description: 'As it stands (or stood)' })
  state!: ActionViewDto | null;
  @ApiProperty({ type: () => [AuditEntryDto], description: 'Every event of the action, in order' })
  events!: AuditEntryDto[];
}

export class RecommendationHistoryResponseDto {
  @ApiProperty({ type: () => RecommendationViewDto }) recommendation!: RecommendationViewDto;
  @ApiProperty({ type: () => SourceRefDto, nullable: true }) source!: SourceRefDto | null;
  @ApiProperty({
    type: 'string',
    format: 'uuid',
    nullable: true,
    description: 'The recommendation this one has joined; null when it has joined none',
  })
  linkedTo!: string | null;
  @ApiProperty({ type: () => [RecommendationViewDto], description: 'The others that are one recommendation with it' })
  linked!: RecommendationViewDto[];
  @ApiProperty({ type: () => [RecommendationPlanDto], description: 'Every plan it is in, oldest first' })
  plans!: RecommendationPlanDto[];
  @ApiProperty({
    type: () => [AuditEntryDto],
    description: "The recommendations' own events (recorded, restated, linked, unlinked), in order",
  })
  events!: AuditEntryDto[];
  @ApiProperty({ type: () => [RecommendationActionDto], description: 'Every action taken on it, across every plan' })
  actions!: RecommendationActionDto[];
}
