import { ApiProperty } from '@nestjs/swagger';
import { ROLES } from '#read-store';

/** For the API description only: who read, as their key names them. */
export class AccessLogReaderDto {
  @ApiProperty({ description: 'The id of the API key that read', example: '3f9c2a1b0d4e5f60718293a4b5c6d7e8' })
  id!: string;
  @ApiProperty({ description: "The holder's name as the key records it", example: 'QA lead' })
  name!: string;
  @ApiProperty({ enum: ROLES, example: 'manager' })
  role!: string;
}

/** For the API description only: a child-level record whose words a read showed. */
export class AccessLogRecordDto {
  @ApiProperty({ enum: ['recommendation', 'action', 'comment', 'evidence'], example: 'comment' })
  kind!: string;
  @ApiProperty({ description: 'Its id', example: '0b6c1e52-8f0e-4f3b-9a57-3c1d2e4f5a60' })
  id!: string;
}

/** For the API description only: one read that showed child-level words. */
export class AccessLogEntryDto {
  @ApiProperty({ type: 'integer', description: 'In the order the reads were logged', example: 17 })
  id!: number;
  @ApiProperty({ format: 'date-time', example: '2026-12-05T10:14:03.512Z' })
  readAt!: string;
  @ApiProperty({ type: () => AccessLogReaderDto })
  actor!: AccessLogReaderDto;
  @ApiProperty({ description: 'The method and path read (never its query)', example: 'GET /actions/0b6c…' })
  endpoint!: string;
  @ApiProperty({ format: 'uuid', description: "The request's id (X-Request-Id)" })
  requestId!: string;
  @ApiProperty({ type: () => [AccessLogRecordDto], description: 'The child-level records whose words it showed' })
  records!: AccessLogRecordDto[];
}

/** For the API description only: GET /access-log as JSON. */
export class AccessLogResponseDto {
  @ApiProperty({ type: () => [AccessLogEntryDto], description: 'Oldest first, at most `limit`' })
  entries!: AccessLogEntryDto[];
  @ApiProperty({
    type: 'integer',
    nullable: true,
    description: 'Pass as `after` for the next page; null on the last page',
    example: 42,
  })
  nextAfter!: number | null;
}
