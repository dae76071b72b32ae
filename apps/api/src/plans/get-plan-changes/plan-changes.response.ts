import { ApiProperty } from '@nestjs/swagger';
import { RAG_STATUSES } from '#domain';
import { AuditEntryDto } from '../../audit-log/get-audit-log/audit-log.response.js';
import { DateOrTextDto } from '../../http/date-or-text.dto.js';

/** For the API description only: GET /plans/:planId/changes. */

export class PlanNameDto {
  @ApiProperty({ format: 'uuid', example: '5f0e8a3c-1d2b-4c6e-9f7a-8b9c0d1e2f30' }) id!: string;
  @ApiProperty({ example: 'Service Development Plan 2024-25' }) title!: string;
}

export class ChangesPeriodDto {
  @ApiProperty({ format: 'date-time', description: 'From (included)', example: '2024-04-01T00:00:00.000Z' })
  since!: string;
  @ApiProperty({ format: 'date-time', description: 'To (excluded)', example: '2024-07-01T00:00:00.000Z' })
  until!: string;
  @ApiProperty({
    enum: ['recorded', 'effective'],
    description: "Which of an event's two times placed it in the period",
    example: 'recorded',
  })
  basis!: string;
}

export class ChangesSummaryDto {
  @ApiProperty({ type: 'integer', example: 57 }) events!: number;
  @ApiProperty({ type: 'integer', example: 23 }) actionsMoved!: number;
  @ApiProperty({ type: 'integer', example: 4 }) newActions!: number;
  @ApiProperty({ type: 'integer', example: 5 }) completed!: number;
  @ApiProperty({ type: 'integer', example: 9 }) statusChanges!: number;
  @ApiProperty({ type: 'integer', example: 31 }) commentsAdded!: number;
  @ApiProperty({ type: 'integer', example: 6 }) evidenceAttached!: number;
  @ApiProperty({
    type: 'object',
    additionalProperties: { type: 'integer' },
    description: 'Events counted by type',
    example: { CommentAdded: 31, RagStatusChanged: 9, EvidenceAttached: 6, ActionCompleted: 5, ActionCreated: 4 },
  })
  byType!: Record<string, number>;
}

class StatusMoveDto {
  @ApiProperty({ enum: RAG_STATUSES, nullable: true, example: 'amber' }) before!: string | null;
  @ApiProperty({ enum: RAG_STATUSES, nullable: true, example: 'green' }) after!: string | null;
}

class OwnerMoveDto {
  @ApiProperty({ type: 'string', nullable: true, example: 'HoS' }) before!: string | null;
  @ApiProperty({ type: 'string', nullable: true, example: 'DTM Assessment' }) after!: string | null;
}

class DueMoveDto {
  @ApiProperty({ type: () => DateOrTextDto, nullable: true }) before!: DateOrTextDto | null;
  @ApiProperty({ type: () => DateOrTextDto, nullable: true }) after!: DateOrTextDto | null;
}

class CompletedMoveDto {
  @ApiProperty({ example: false }) before!: boolean;
  @ApiProperty({ example: true }) after!: boolean;
}

/** One action's movement over the period: where it stood when the period began, and when it ended. */
export class ActionMovementDto {
  @ApiProperty({ format: 'uuid', example: '7d1f0c8e-2b4a-4e59-8c3d-5a6b7c8d9e0f' }) actionId!: string;
  @ApiProperty({ type: 'string', nullable: true, example: '1.6a' }) ref!: string | null;
  @ApiProperty({ example: 'Audit written plans for children monthly and feed back to team managers.' })
  description!: string;
  @ApiProperty({ description: 'Created (or carried into the plan) during the period', example: false })
  isNew!: boolean;
  @ApiProperty({ type: () => StatusMoveDto }) status!: StatusMoveDto;
  @ApiProperty({ type: () => OwnerMoveDto }) owner!: OwnerMoveDto;
  @ApiProperty({ type: () => DueMoveDto }) due!: DueMoveDto;
  @ApiProperty({ type: () => CompletedMoveDto }) completed!: CompletedMoveDto;
  @ApiProperty({ type: 'integer', example: 3 }) commentsAdded!: number;
  @ApiProperty({ type: 'integer', example: 1 }) evidenceAttached!: number;
  @ApiProperty({ type: 'integer', example: 5 }) events!: number;
}

export class PlanChangesResponseDto {
  @ApiProperty({ type: () => PlanNameDto }) plan!: PlanNameDto;
  @ApiProperty({ type: () => ChangesPeriodDto }) period!: ChangesPeriodDto;
  @ApiProperty({ type: () => ChangesSummaryDto }) summary!: ChangesSummaryDto;
  @ApiProperty({ type: () => [ActionMovementDto], description: 'Each action moved in the period' })
  actions!: ActionMovementDto[];
  @ApiProperty({ type: () => [AuditEntryDto], description: 'Every event in the period, in recorded order' })
  changes!: AuditEntryDto[];
}
