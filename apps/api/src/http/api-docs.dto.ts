import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

/** For the API description only: the shapes of problem details and write results. */
export class FieldErrorDto {
  @ApiProperty({ example: 'reason' }) field!: string;
  @ApiProperty({ example: 'reason should not be empty' }) message!: string;
}

export class ProblemDto {
  @ApiProperty({ example: 'urn:oversight:problem:bad-request' }) type!: string;
  @ApiProperty({ example: 'Bad request' }) title!: string;
  @ApiProperty({ type: 'integer', example: 400 }) status!: number;
  @ApiProperty({ example: 'Invalid request: reason' }) detail!: string;
  @ApiPropertyOptional({ type: [FieldErrorDto] }) errors?: FieldErrorDto[];
  @ApiPropertyOptional({ type: 'integer', description: 'On 409 for a stale If-Match', example: 4, nullable: true })
  currentRevision?: number | null;
  @ApiPropertyOptional({ description: 'The domain rule that refused the command', example: 'ACTION_WITHDRAWN' })
  code?: string;
  @ApiPropertyOptional({ description: 'An import refused: the file at fault', example: 'sdp-2024-25.xlsx' })
  file?: string;
  @ApiPropertyOptional({
    type: 'string',
    nullable: true,
    description: 'An import refused: the sheet at fault',
    example: 'SDP 2024-25',
  })
  sheet?: string | null;
  @ApiPropertyOptional({
    type: 'array',
    items: { type: 'object', additionalProperties: true },
    description: 'An import refused for UNMAPPED_COLUMN: each column of text under a header that is no field',
  })
  columns?: unknown[];
}

export class WriteResultDto {
  @ApiProperty({
    description: 'The id of the resource written',
    format: 'uuid',
    example: '7d1f0c8e-2b4a-4e59-8c3d-5a6b7c8d9e0f',
  })
  id!: string;
  @ApiProperty({
    type: 'integer',
    description: 'Its stream revision after the write: send it back as If-Match',
    example: 3,
  })
  revision!: number;
  @ApiProperty({
    type: 'integer',
    description: 'Global position of the last event appended (read-your-writes); null when nothing changed',
    nullable: true,
    example: 1207,
  })
  position!: number | null;
  @ApiProperty({ description: 'Types of the events appended', example: ['RagStatusChanged'] }) events!: string[];
}

export class CommentAddedDto extends WriteResultDto {
  @ApiProperty({ description: 'The new comment; Location is its address', format: 'uuid' }) commentId!: string;
}

export class EvidenceAttachedDto extends WriteResultDto {
  @ApiProperty({ description: 'The new piece of evidence; Location is its address', format: 'uuid' })
  evidenceId!: string;
}
