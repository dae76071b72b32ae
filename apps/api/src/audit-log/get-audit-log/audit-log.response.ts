import { ApiProperty } from '@nestjs/swagger';
import { ROLES } from '#read-store';

/** For the API description only: who recorded an event, as the key that wrote it named them. */
export class AuditActorDto {
  @ApiProperty({
    description: 'The id of the API key that recorded it; `cli` for the oversight command',
    example: '3f9c2a1b0d4e5f60718293a4b5c6d7e8',
  })
  id!: string;
  @ApiProperty({ description: "The holder's name as the key records it", example: 'Head of Service, Children in Care' })
  name!: string;
  @ApiProperty({ enum: ROLES, example: 'manager' })
  role!: string;
}

/** For the API description only: one event of the audit log, as every read that lists events answers it. */
export class AuditEntryDto {
  @ApiProperty({
    type: 'integer',
    description: 'Global position in the event store: the order events were recorded',
    example: 1207,
  })
  position!: number;
  @ApiProperty({ format: 'uuid', example: '0b6c1e52-8f0e-4f3b-9a57-3c1d2e4f5a60' })
  eventId!: string;
  @ApiProperty({ description: 'The stream it belongs to', example: 'action-7d1f0c8e-2b4a-4e59-8c3d-5a6b7c8d9e0f' })
  streamId!: string;
  @ApiProperty({ type: 'integer', description: 'Its revision in the stream (the first is 0)', example: 4 })
  revision!: number;
  @ApiProperty({ description: 'The event type', example: 'RagStatusChanged' })
  type!: string;
  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description: "The event's data, as its type defines it",
    example: { from: 'amber', to: 'green' },
  })
  data!: unknown;
  @ApiProperty({ type: () => AuditActorDto })
  actor!: AuditActorDto;
  @ApiProperty({ format: 'date-time', description: 'When the store recorded it', example: '2024-07-02T10:14:03.512Z' })
  recordedAt!: string;
  @ApiProperty({
    format: 'date-time',
    description: 'When it took effect (a comment written in January and imported later took effect in January)',
    example: '2024-06-28T09:00:00.000Z',
  })
  effectiveAt!: string;
  @ApiProperty({ type: 'string', nullable: true, example: 'Care plan audits now monthly; no barriers' })
  reason!: string | null;
  @ApiProperty({
    description:
      '`api`, `web` (a form), `cli`, or the workbook row an import read it from (`import:<file>#<sheet>!<row>`)',
    example: 'api',
  })
  origin!: string;
  @ApiProperty({ format: 'uuid', description: 'The request that caused it (one import: one id)' })
  correlationId!: string;
  @ApiProperty({ type: 'string', nullable: true, format: 'uuid', description: 'The action it concerns, if any' })
  actionId!: string | null;
  @ApiProperty({ type: 'string', nullable: true, format: 'uuid', description: 'The plan it concerns, if any' })
  planId!: string | null;
  @ApiProperty({ type: 'string', nullable: true, format: 'uuid', description: 'The source it concerns, if any' })
  sourceId!: string | null;
  @ApiProperty({
    type: 'string',
    nullable: true,
    format: 'uuid',
    description: 'The recommendation it concerns, if any',
  })
  recommendationId!: string | null;
}

/** For the API description only: GET /audit-log as JSON. */
export class AuditLogResponseDto {
  @ApiProperty({ type: () => [AuditEntryDto], description: 'Oldest first, at most `limit`' })
  entries!: AuditEntryDto[];
  @ApiProperty({
    type: 'integer',
    nullable: true,
    description: 'Pass as `after` for the next page; null on the last page',
    example: 1257,
  })
  nextAfter!: number | null;
}
