import { ApiProperty } from '@nestjs/swagger';
import { RAG_STATUSES, SOURCE_KINDS } from '#domain';
import { ChangesSummaryDto } from '../get-plan-changes/plan-changes.response.js';
import { PlanHeaderDto, PlanListCountsDto } from '../get-plan-state/plan-state.response.js';

/** For the API description only: the committee report's content, as GET /plans/:planId/report?format=json answers it. */

const REPORT_STATUSES = [...RAG_STATUSES, 'unrated'];

export class ReportPeriodDto {
  @ApiProperty({ format: 'date-time', description: 'From (included)', example: '2024-04-01T00:00:00.000Z' })
  since!: string;
  @ApiProperty({ format: 'date-time', description: 'To (excluded)', example: '2024-07-01T00:00:00.000Z' })
  until!: string;
  @ApiProperty({ format: 'date', example: '2024-04-01' }) firstDay!: string;
  @ApiProperty({ format: 'date', example: '2024-06-30' }) lastDay!: string;
  @ApiProperty({ example: '1 April to 30 June 2024' }) words!: string;
}

export class ReportFrontLineDto {
  @ApiProperty({ example: 'Report of' }) label!: string;
  @ApiProperty({ example: 'Head of Service, Children in Care' }) value!: string;
  @ApiProperty({ description: 'Marked "[...]" for the officer to fill in', example: false }) toFill!: boolean;
}

export class ReportCountRowDto {
  @ApiProperty({ enum: REPORT_STATUSES, example: 'amber' }) status!: string;
  @ApiProperty({ type: 'integer', example: 19 }) start!: number;
  @ApiProperty({ type: 'integer', example: 17 }) end!: number;
  @ApiProperty({ type: 'integer', example: -2 }) change!: number;
}

export class ReportAmberDto {
  @ApiProperty({ type: 'integer', example: 17 }) total!: number;
  @ApiProperty({ type: 'integer', example: 9 }) notYetDue!: number;
  @ApiProperty({ type: 'integer', description: 'Due "Weekly.", "April-June" and the like', example: 3 })
  dueInWords!: number;
  @ApiProperty({ type: 'integer', example: 5 }) overdue!: number;
  @ApiProperty({ description: 'Amber is the largest status', example: true }) isLargest!: boolean;
}

export class ReportCountsDto {
  @ApiProperty({ type: () => [ReportCountRowDto] }) rows!: ReportCountRowDto[];
  @ApiProperty({ type: () => PlanListCountsDto, description: 'At the start of the period' }) start!: PlanListCountsDto;
  @ApiProperty({ type: () => PlanListCountsDto, description: 'At its end' }) end!: PlanListCountsDto;
  @ApiProperty({ type: () => ReportAmberDto }) amber!: ReportAmberDto;
}

export class ReportDatedTextDto {
  @ApiProperty({ example: 'Monthly care plan audits completed; findings shared with team managers.' }) text!: string;
  @ApiProperty({ format: 'date', example: '2024-06-28' }) day!: string;
}

export class ReportAchievementDto {
  @ApiProperty({ example: '1.6a' }) ref!: string;
  @ApiProperty({ example: 'Audit written plans for children monthly and feed back to team managers.' })
  description!: string;
  @ApiProperty({ example: 'HoS' }) owner!: string;
  @ApiProperty({ type: 'string', format: 'date', nullable: true, example: '2024-06-28' }) completedOn!: string | null;
  @ApiProperty({ type: () => ReportDatedTextDto, nullable: true, description: 'The comment that evidences it' })
  evidence!: ReportDatedTextDto | null;
  @ApiProperty({ type: 'integer', example: 2 }) evidenceAttached!: number;
}

export class ReportStuckActionDto {
  @ApiProperty({ example: '2.3' }) ref!: string;
  @ApiProperty({ example: 'Reduce the caseloads of social workers in the Assessment team to no more than 18.' })
  description!: string;
  @ApiProperty({ example: 'DTM Assessment' }) owner!: string;
  @ApiProperty({ enum: RAG_STATUSES, nullable: true, example: 'red' }) status!: string | null;
  @ApiProperty({ example: true }) overdue!: boolean;
  @ApiProperty({ example: 'May-24' }) originalDue!: string;
  @ApiProperty({ example: '01-Sep-24' }) currentDue!: string;
  @ApiProperty({ type: 'integer', example: 1 }) dateMoves!: number;
  @ApiProperty({ type: () => ReportDatedTextDto, nullable: true }) latestComment!: ReportDatedTextDto | null;
}

export class ReportKindCountDto {
  @ApiProperty({ example: 'Status changed' }) kind!: string;
  @ApiProperty({ type: 'integer', example: 9 }) count!: number;
}

export class ReportStatusMoveDto {
  @ApiProperty({ enum: RAG_STATUSES, nullable: true, example: 'amber' }) before!: string | null;
  @ApiProperty({ enum: RAG_STATUSES, nullable: true, example: 'green' }) after!: string | null;
}

export class ReportTextMoveDto {
  @ApiProperty({ example: 'HoS' }) before!: string;
  @ApiProperty({ example: 'DTM Assessment' }) after!: string;
}

export class ReportChangeRowDto {
  @ApiProperty({ example: '1.6a' }) ref!: string;
  @ApiProperty({ example: 'Audit written plans for children monthly and feed back to team managers.' })
  description!: string;
  @ApiProperty({ example: false }) isNew!: boolean;
  @ApiProperty({ type: () => ReportStatusMoveDto }) status!: ReportStatusMoveDto;
  @ApiProperty({ type: () => ReportTextMoveDto, nullable: true, description: 'Null when it did not change' })
  owner!: ReportTextMoveDto | null;
  @ApiProperty({ type: () => ReportTextMoveDto, nullable: true, description: 'Null when it did not change' })
  due!: ReportTextMoveDto | null;
  @ApiProperty({ example: false }) completed!: boolean;
  @ApiProperty({ type: 'integer', example: 2 }) commentsAdded!: number;
  @ApiProperty({ type: 'integer', example: 0 }) evidenceAttached!: number;
}

export class ReportChangesDto {
  @ApiProperty({ type: () => ChangesSummaryDto }) summary!: ChangesSummaryDto;
  @ApiProperty({ type: () => [ReportKindCountDto] }) byKind!: ReportKindCountDto[];
  @ApiProperty({ type: () => [ReportChangeRowDto] }) rows!: ReportChangeRowDto[];
}

export class ReportSourceLineDto {
  @ApiProperty({ example: 'Ofsted ILACS inspection, March 2020' }) title!: string;
  @ApiProperty({ type: 'string', format: 'date', nullable: true, example: '2020-03-06' }) date!: string | null;
  @ApiProperty({ type: 'integer', example: 6 }) recommendations!: number;
  @ApiProperty({ type: 'integer', example: 13 }) actions!: number;
  @ApiProperty({ type: 'integer', example: 4 }) complete!: number;
  @ApiProperty({ type: 'integer', example: 1 }) stuck!: number;
  @ApiProperty({ type: 'integer', example: 2 }) overdue!: number;
}

export class ReportAccountabilityDto {
  @ApiProperty({ enum: SOURCE_KINDS, example: 'ofsted-inspection' }) kind!: string;
  @ApiProperty({ example: 'Ofsted inspections' }) kindWords!: string;
  @ApiProperty({ example: 'Ofsted' }) group!: string;
  @ApiProperty({ type: () => [ReportSourceLineDto] }) sources!: ReportSourceLineDto[];
}

export class ReportRetainedOfstedDto {
  @ApiProperty({ example: 'Ofsted ILACS inspection, March 2020' }) source!: string;
  @ApiProperty({ example: 'Ofsted recommendation 1' }) recommendation!: string;
  @ApiProperty({ type: [String], example: ['1.6a'] }) actions!: string[];
}

export class ReportAppendixRowDto {
  @ApiProperty({ enum: ['heading', 'action'], example: 'action' }) kind!: string;
  @ApiProperty({ required: false, description: "A heading's words", example: 'Priority 1 - SAFE' }) text?: string;
  @ApiProperty({ required: false, type: [String], description: "An action's cells, in the columns' order" })
  cells?: string[];
}

export class ReportAppendixDto {
  @ApiProperty({ type: [String], example: ['Ref', 'Who?', 'Does what?', 'By when?', 'BRAG status'] })
  columns!: string[];
  @ApiProperty({ type: () => [ReportAppendixRowDto] }) rows!: ReportAppendixRowDto[];
}

export class CommitteeReportDto {
  @ApiProperty({ enum: ['oversight.committee-report/1'], example: 'oversight.committee-report/1' }) schema!: string;
  @ApiProperty({ type: () => PlanHeaderDto }) plan!: PlanHeaderDto;
  @ApiProperty({ type: () => ReportPeriodDto }) period!: ReportPeriodDto;
  @ApiProperty({
    format: 'date-time',
    description: 'Nothing recorded after it is in any figure',
    example: '2024-07-02T10:14:03.512Z',
  })
  asAt!: string;
  @ApiProperty({ type: 'integer', description: 'The event store position the figures stand on', example: 1207 })
  position!: number;
  @ApiProperty({ type: () => [ReportFrontLineDto], description: "The council's committee headings" })
  front!: ReportFrontLineDto[];
  @ApiProperty({ type: [String], example: ['Of 42 actions, 11 are complete (blue) and 3 are stuck (red).'] })
  summary!: string[];
  @ApiProperty({ type: () => ReportCountsDto }) counts!: ReportCountsDto;
  @ApiProperty({ type: () => [ReportAchievementDto] }) achievements!: ReportAchievementDto[];
  @ApiProperty({ type: () => [ReportStuckActionDto] }) stuck!: ReportStuckActionDto[];
  @ApiProperty({ type: () => ReportChangesDto }) changes!: ReportChangesDto;
  @ApiProperty({ type: () => [ReportAccountabilityDto] }) accountability!: ReportAccountabilityDto[];
  @ApiProperty({
    type: () => [ReportRetainedOfstedDto],
    description: 'Ofsted recommendations kept in to retain oversight',
  })
  retainedOfsted!: ReportRetainedOfstedDto[];
  @ApiProperty({ type: () => ReportAppendixDto, description: 'The plan as it stood at the end of the period' })
  appendix!: ReportAppendixDto;
  @ApiProperty({
    description: 'SHA-256 of the rest as canonical JSON: what a copy is checked against',
    example: '9f2c1a0b3d4e5f60718293a4b5c6d7e8f9012a3b4c5d6e7f8091a2b3c4d5e6f7',
  })
  sha256!: string;
}
