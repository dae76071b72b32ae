import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { RAG_STATUSES, RECOMMENDATION_LEVELS, SOURCE_KINDS } from '#domain';
import { FIELDS } from '#importer';
import { DateOrTextDto } from '../../http/date-or-text.dto.js';

/** For the API description only: what POST /imports answers, a dry run or a real import (ImportResult). */

const SHEET = 'SDP 2024-25';

export class ImportedColumnDto {
  @ApiProperty({ example: SHEET }) sheet!: string;
  @ApiProperty({ type: 'integer', description: 'The first header row that names it', example: 4 }) row!: number;
  @ApiProperty({ example: 'F' }) column!: string;
  @ApiProperty({ description: "As written; '' for an unnamed column taken to be the aims'", example: 'By when?' })
  header!: string;
  @ApiProperty({
    enum: FIELDS,
    nullable: true,
    description: 'The field it was read as; null when none',
    example: 'due',
  })
  field!: string | null;
  @ApiProperty({ enum: ['recognised', 'mapped', 'ignored', 'inferred', 'unrecognised'], example: 'recognised' })
  how!: string;
  @ApiPropertyOptional({ description: 'How near the header is to the field’s names (1: exactly)', example: 1 })
  score?: number;
}

export class ImportedPlanLineDto {
  @ApiProperty({ format: 'uuid', example: '5f0e8a3c-1d2b-4c6e-9f7a-8b9c0d1e2f30' }) id!: string;
  @ApiProperty({ example: 'Service Development Plan 2024-25' }) title!: string;
  @ApiProperty({ format: 'date', example: '2024-04-01' }) periodStart!: string;
  @ApiProperty({ format: 'date', example: '2025-03-31' }) periodEnd!: string;
  @ApiProperty({ description: 'The import opens it (false: the store knew it)', example: false }) new!: boolean;
}

export class SnapshotDateDto {
  @ApiProperty({ format: 'date', example: '2024-06-30' }) date!: string;
  @ApiProperty({ enum: ['option', 'stated', 'comment', 'modified', 'period-end', 'import'], example: 'stated' })
  from!: string;
  @ApiProperty({
    description: 'Where it came from, in words a manager can check',
    example: "'SDP 2024-25'!A2: “Position as at 30 June 2024”",
  })
  detail!: string;
}

export class NewSourceLineDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ description: 'The key the workbook gave it', example: 'source:ofsted-inspection:2020-03' })
  key!: string;
  @ApiProperty({ enum: SOURCE_KINDS, example: 'ofsted-inspection' }) kind!: string;
  @ApiProperty({ example: 'Ofsted ILACS inspection, March 2020' }) title!: string;
  @ApiProperty({ type: 'string', format: 'date', nullable: true, example: '2020-03-06' }) date!: string | null;
}

export class ImportedSourcesDto {
  @ApiProperty({ type: () => [NewSourceLineDto] }) new!: NewSourceLineDto[];
  @ApiProperty({ type: 'integer', description: 'Sources the store knew already', example: 3 }) existing!: number;
}

export class NewRecommendationLineDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ example: 'rec:ofsted-inspection:2020-03/1' }) key!: string;
  @ApiProperty({ format: 'uuid' }) sourceId!: string;
  @ApiProperty({ type: 'string', nullable: true, example: 'Ofsted recommendation 1' }) reference!: string | null;
  @ApiProperty({ example: 'Further improve the quality and consistency of written plans for children.' }) text!: string;
  @ApiProperty({ enum: RECOMMENDATION_LEVELS, example: 'service' }) level!: string;
}

export class RecommendationMatchLineDto {
  @ApiProperty({
    format: 'uuid',
    description: 'Names the match, to refuse it (refuseMatch)',
    example: '2a4c6e80-1b3d-4f5a-8c7e-9d0f1a2b3c4d',
  })
  matchId!: string;
  @ApiProperty({
    description: "The workbook's words",
    example: 'Improve the consistency of written plans for children.',
  })
  text!: string;
  @ApiProperty({ format: 'uuid', description: 'The known recommendation' }) recommendationId!: string;
  @ApiProperty({ example: 'Further improve the quality and consistency of written plans for children.' })
  knownText!: string;
  @ApiProperty({ enum: ['number', 'text'], example: 'text' }) rule!: string;
  @ApiProperty({ description: '1 for a number', example: 0.86 }) score!: number;
}

export class ImportedRecommendationsDto {
  @ApiProperty({ type: () => [NewRecommendationLineDto] }) new!: NewRecommendationLineDto[];
  @ApiProperty({ type: 'integer', example: 5 }) existing!: number;
  @ApiProperty({ type: () => [RecommendationMatchLineDto], description: 'Recognised as ones the store knows' })
  matched!: RecommendationMatchLineDto[];
  @ApiProperty({ type: () => [RecommendationMatchLineDto], description: 'Matches refused (refuseMatch)' })
  refused!: RecommendationMatchLineDto[];
}

export class NewActionLineDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ example: 'action:ofsted-inspection:2020-03/1/1.6a' }) key!: string;
  @ApiProperty({ example: SHEET }) sheet!: string;
  @ApiProperty({ type: 'integer', example: 12 }) row!: number;
  @ApiProperty({ type: 'string', nullable: true, example: '1.6a' }) ref!: string | null;
  @ApiProperty({ example: 'Audit written plans for children monthly and feed back to team managers.' })
  description!: string;
  @ApiProperty({ type: 'string', nullable: true, example: 'HoS' }) owner!: string | null;
  @ApiProperty({ type: () => DateOrTextDto, nullable: true }) due!: DateOrTextDto | null;
  @ApiProperty({ enum: RAG_STATUSES, nullable: true, example: 'green' }) status!: string | null;
  @ApiProperty({ example: false }) completed!: boolean;
  @ApiProperty({ example: false }) retainedForOversight!: boolean;
  @ApiProperty({ type: 'integer', description: 'Dated comments read from its cell', example: 3 }) comments!: number;
}

export class FieldChangeDto {
  @ApiProperty({ example: 'owner' }) field!: string;
  @ApiProperty({ description: "As text; '' for none", example: 'HoS' }) before!: string;
  @ApiProperty({ example: 'DTM Assessment' }) after!: string;
}

export class ChangedActionLineDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ example: 'action:ofsted-inspection:2020-03/1/1.6a' }) key!: string;
  @ApiProperty({ example: SHEET }) sheet!: string;
  @ApiProperty({ type: 'integer', example: 12 }) row!: number;
  @ApiProperty({ type: 'string', nullable: true, example: '1.6a' }) ref!: string | null;
  @ApiProperty({ type: [String], example: ['owner', 'comment'] }) fields!: string[];
  @ApiProperty({ type: () => [FieldChangeDto], description: 'In the order the events record them' })
  changes!: FieldChangeDto[];
}

export class CarriedForwardLineDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ example: SHEET }) sheet!: string;
  @ApiProperty({ type: 'integer', example: 31 }) row!: number;
  @ApiProperty({ type: 'string', nullable: true, example: '3.2' }) ref!: string | null;
  @ApiProperty({ example: 'Retained due to ongoing cost of living crisis' }) note!: string;
}

export class ImportedActionsDto {
  @ApiProperty({ type: () => [NewActionLineDto] }) new!: NewActionLineDto[];
  @ApiProperty({ type: () => [ChangedActionLineDto] }) changed!: ChangedActionLineDto[];
  @ApiProperty({ type: 'integer', example: 38 }) unchanged!: number;
  @ApiProperty({
    type: () => [CarriedForwardLineDto],
    description: 'Kept from an earlier plan the store does not know',
  })
  carriedForward!: CarriedForwardLineDto[];
}

export class ImportedCommentsDto {
  @ApiProperty({ type: 'integer', example: 12 }) new!: number;
}

export class StatusCountsDto {
  @ApiProperty({ type: 'integer', example: 2 }) blue!: number;
  @ApiProperty({ type: 'integer', example: 0 }) red!: number;
  @ApiProperty({ type: 'integer', example: 1 }) amber!: number;
  @ApiProperty({ type: 'integer', example: 1 }) green!: number;
  @ApiProperty({ type: 'integer', example: 0 }) unrated!: number;
}

export class StatusChangeLineDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ example: 'action:ofsted-inspection:2020-03/1/1.6a' }) key!: string;
  @ApiProperty({ example: SHEET }) sheet!: string;
  @ApiProperty({ type: 'integer', example: 12 }) row!: number;
  @ApiProperty({ type: 'string', nullable: true, example: '1.6a' }) ref!: string | null;
  @ApiProperty({ enum: RAG_STATUSES, nullable: true, example: 'amber' }) from!: string | null;
  @ApiProperty({ enum: RAG_STATUSES, example: 'green' }) to!: string;
}

export class ImportedStatusesDto {
  @ApiProperty({ type: () => StatusCountsDto, description: 'The statuses new actions start with' })
  new!: StatusCountsDto;
  @ApiProperty({ type: () => [StatusChangeLineDto], description: 'Changes to actions already known' })
  changes!: StatusChangeLineDto[];
}

export class ImportedCompletionsDto {
  @ApiProperty({ type: 'integer', example: 2 }) completed!: number;
  @ApiProperty({ type: 'integer', example: 1 }) retainedForOversight!: number;
}

export class WarningPlaceDto {
  @ApiProperty({ example: 'sdp-2024-25.xlsx' }) file!: string;
  @ApiProperty({ type: 'string', nullable: true, example: SHEET }) sheet!: string | null;
  @ApiProperty({ type: 'integer', nullable: true, example: 17 }) row!: number | null;
  @ApiProperty({ type: 'string', nullable: true, example: 'J' }) column!: string | null;
}

export class SummaryWarningDto {
  @ApiProperty({ example: 'COMMENT_UNDATED' }) code!: string;
  @ApiProperty({ example: "sdp-2024-25.xlsx 'SDP 2024-25'!J17" }) cell!: string;
  @ApiProperty({ example: 'A comment with no date: taken to be on the day the workbook describes' }) message!: string;
  @ApiPropertyOptional({ type: () => WarningPlaceDto }) at?: WarningPlaceDto;
}

export class ImportSummaryDto {
  @ApiProperty({ example: 'sdp-2024-25.xlsx' }) file!: string;
  @ApiProperty({ type: [String], example: [SHEET] }) sheets!: string[];
  @ApiProperty({
    type: () => [ImportedColumnDto],
    description: 'Every column the header rows name and how it was read',
  })
  columns!: ImportedColumnDto[];
  @ApiProperty({ type: () => ImportedPlanLineDto }) plan!: ImportedPlanLineDto;
  @ApiProperty({ type: () => SnapshotDateDto, description: 'The day the workbook describes, and how it was found' })
  asOf!: SnapshotDateDto;
  @ApiProperty({ type: () => ImportedSourcesDto }) sources!: ImportedSourcesDto;
  @ApiProperty({ type: () => ImportedRecommendationsDto }) recommendations!: ImportedRecommendationsDto;
  @ApiProperty({ type: () => ImportedActionsDto }) actions!: ImportedActionsDto;
  @ApiProperty({ type: () => ImportedCommentsDto }) comments!: ImportedCommentsDto;
  @ApiProperty({ type: () => ImportedStatusesDto }) statuses!: ImportedStatusesDto;
  @ApiProperty({ type: () => ImportedCompletionsDto }) completions!: ImportedCompletionsDto;
  @ApiProperty({ type: () => [SummaryWarningDto] }) warnings!: SummaryWarningDto[];
  @ApiProperty({ type: 'integer', description: 'Events appended (on a dry run: that would be)', example: 57 })
  events!: number;
  @ApiProperty({ type: 'integer', description: 'Streams appended to', example: 19 }) streams!: number;
}

export class ImportResultDto {
  @ApiProperty({
    enum: ['dry-run', 'appended', 'unchanged', 'already-imported'],
    description:
      'dry-run: nothing written; unchanged: the store holds it all; already-imported: this file, by this person, before',
    example: 'appended',
  })
  outcome!: string;
  @ApiProperty({
    type: 'integer',
    nullable: true,
    description: 'Global position of the last event appended (read-your-writes); null when nothing was',
    example: 1264,
  })
  position!: number | null;
  @ApiProperty({
    format: 'uuid',
    description: 'The import as a command: the same file by the same person has the same',
  })
  commandId!: string;
  @ApiPropertyOptional({
    description: 'SHA-256 of the events planned',
    example: 'b1946ac92492d2347c6235b4d2611184b1946ac92492d2347c6235b4d2611184',
  })
  plannedDigest?: string;
  @ApiProperty({ type: () => ImportSummaryDto }) summary!: ImportSummaryDto;
}
