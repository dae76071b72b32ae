import { ApiProperty } from '@nestjs/swagger';
import { RAG_STATUSES } from '#domain';
import { DateOrTextDto } from '../../http/date-or-text.dto.js';

/** For the API description only: the shapes GET /plans/:planId/state (and GET /actions/:actionId) answer. */

export class PlanHeaderDto {
  @ApiProperty({ format: 'uuid', example: '5f0e8a3c-1d2b-4c6e-9f7a-8b9c0d1e2f30' })
  id!: string;
  @ApiProperty({ example: 'Service Development Plan 2024-25' })
  title!: string;
  @ApiProperty({ format: 'date', example: '2024-04-01' })
  periodStart!: string;
  @ApiProperty({ format: 'date', example: '2025-03-31' })
  periodEnd!: string;
  @ApiProperty({ type: 'string', nullable: true, example: 'Director of Children’s Services' })
  owner!: string | null;
  @ApiProperty({ type: 'string', nullable: true, example: "Children's Improvement Board" })
  board!: string | null;
  @ApiProperty({ type: 'string', nullable: true, example: 'Quarterly' })
  reviewFrequency!: string | null;
}

/** A plan's actions counted by BRAG status (unrated: none given yet), overdue and retained for oversight. */
export class PlanListCountsDto {
  @ApiProperty({ type: 'integer', example: 42 }) total!: number;
  @ApiProperty({ type: 'integer', description: 'Fully completed', example: 11 }) blue!: number;
  @ApiProperty({ type: 'integer', description: 'Fully stuck', example: 3 }) red!: number;
  @ApiProperty({ type: 'integer', description: 'More work needed', example: 17 }) amber!: number;
  @ApiProperty({ type: 'integer', description: 'In progress, no barriers', example: 8 }) green!: number;
  @ApiProperty({ type: 'integer', description: 'No status yet', example: 3 }) unrated!: number;
  @ApiProperty({ type: 'integer', description: 'Past the due date and not done', example: 6 }) overdue!: number;
  @ApiProperty({ type: 'integer', description: 'Completed but kept in the plan to retain oversight', example: 4 })
  retainedForOversight!: number;
}

export class PlanCountsDto extends PlanListCountsDto {
  @ApiProperty({ type: 'integer', example: 1 }) withdrawn!: number;
}

export class LastCommentDto {
  @ApiProperty({ example: 'June: monthly care plan audits completed; findings shared with team managers.' })
  text!: string;
  @ApiProperty({ format: 'date-time', example: '2024-06-28T09:00:00.000Z' })
  effectiveAt!: string;
}

/** One action as it stands (or stood). */
export class ActionViewDto {
  @ApiProperty({ format: 'uuid', example: '7d1f0c8e-2b4a-4e59-8c3d-5a6b7c8d9e0f' })
  id!: string;
  @ApiProperty({ type: 'integer', description: 'Its stream revision: send it back as If-Match', example: 4 })
  revision!: number;
  @ApiProperty({ type: 'string', nullable: true, description: 'As the plan numbers it', example: '1.6a' })
  ref!: string | null;
  @ApiProperty({ example: 'Audit written plans for children monthly and feed back to team managers.' })
  description!: string;
  @ApiProperty({
    type: 'string',
    nullable: true,
    description: 'Initials or role, as the plan writes it',
    example: 'HoS',
  })
  owner!: string | null;
  @ApiProperty({ type: 'string', nullable: true, example: 'Head of Service, Children in Care' })
  dltLead!: string | null;
  @ApiProperty({
    type: 'string',
    nullable: true,
    description: 'The section of the plan it sits under',
    example: 'Priority 1 - SAFE',
  })
  theme!: string | null;
  @ApiProperty({
    enum: RAG_STATUSES,
    nullable: true,
    description: 'BRAG status; null: not yet rated',
    example: 'amber',
  })
  status!: string | null;
  @ApiProperty({ type: () => DateOrTextDto, nullable: true, description: 'The due date first set' })
  originalDue!: DateOrTextDto | null;
  @ApiProperty({ type: () => DateOrTextDto, nullable: true, description: 'The due date now' })
  currentDue!: DateOrTextDto | null;
  @ApiProperty({ description: 'The due date has moved since it was first set', example: true })
  dueMoved!: boolean;
  @ApiProperty({ description: 'Past its due date and not done', example: false })
  overdue!: boolean;
  @ApiProperty({ example: false }) completed!: boolean;
  @ApiProperty({ example: false }) retainedForOversight!: boolean;
  @ApiProperty({ example: false }) withdrawn!: boolean;
  @ApiProperty({
    type: 'string',
    nullable: true,
    format: 'uuid',
    description: 'In a plan, the plan it has since been carried into; null otherwise',
  })
  carriedForwardTo!: string | null;
  @ApiProperty({ format: 'uuid', description: 'The source it answers' })
  sourceId!: string;
  @ApiProperty({ type: 'string', nullable: true, format: 'uuid', description: 'The recommendation it answers, if any' })
  recommendationId!: string | null;
  @ApiProperty({ type: () => LastCommentDto, nullable: true, description: 'The latest comment in effect' })
  lastComment!: LastCommentDto | null;
  @ApiProperty({ type: 'integer', example: 5 }) commentCount!: number;
  @ApiProperty({ type: 'integer', example: 2 }) evidenceCount!: number;
  @ApiProperty({ format: 'date-time', description: 'When it took effect', example: '2024-04-01T00:00:00.000Z' })
  createdAt!: string;
  @ApiProperty({
    format: 'date-time',
    description: 'When anything about it last took effect',
    example: '2024-06-28T09:00:00.000Z',
  })
  lastMovedAt!: string;
}

export class PageInfoDto {
  @ApiProperty({ type: 'integer', example: 1 }) number!: number;
  @ApiProperty({ type: 'integer', example: 50 }) size!: number;
  @ApiProperty({ type: 'integer', description: 'Actions the filters select, on every page', example: 42 })
  totalItems!: number;
}

export class PlanStateResponseDto {
  @ApiProperty({ type: () => PlanHeaderDto }) plan!: PlanHeaderDto;
  @ApiProperty({ type: () => PlanCountsDto, description: "All the plan's actions, whatever the filters" })
  counts!: PlanCountsDto;
  @ApiProperty({ type: () => [ActionViewDto], description: 'The page of actions the filters select' })
  actions!: ActionViewDto[];
  @ApiProperty({ type: () => PageInfoDto }) page!: PageInfoDto;
}
