import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

/** For the API description only: what the health probes answer. */

export class LiveResponseDto {
  @ApiProperty({ enum: ['ok'], example: 'ok' }) status!: string;
}

class EventStoreHealthDto {
  @ApiProperty({ enum: ['postgres', 'embedded', 'eventstoredb'], example: 'postgres' }) backend!: string;
  @ApiProperty({ example: true }) reachable!: boolean;
  @ApiPropertyOptional({ type: 'integer', description: 'Its last global position, when reachable', example: 1207 })
  lastPosition?: number;
}

class ReadStoreHealthDto {
  @ApiProperty({ example: true }) reachable!: boolean;
}

class ProjectionHealthDto {
  @ApiProperty({ example: 'current-state' }) name!: string;
  @ApiProperty({ type: 'integer', description: 'The last position it has applied', example: 1207 }) checkpoint!: number;
  @ApiProperty({ type: 'string', format: 'date-time', nullable: true, example: '2024-07-02T10:14:03.640Z' })
  updatedAt!: string | null;
  @ApiProperty({
    type: 'integer',
    nullable: true,
    description: 'Positions behind the event store (null when it cannot be reached)',
    example: 0,
  })
  lagPositions!: number | null;
  @ApiProperty({ type: 'string', nullable: true, example: null }) error!: string | null;
}

class ProjectorFailureDto {
  @ApiProperty({ type: 'integer', example: 1208 }) position!: number;
  @ApiProperty({ format: 'uuid' }) eventId!: string;
  @ApiProperty({ example: 'action-7d1f0c8e-2b4a-4e59-8c3d-5a6b7c8d9e0f' }) streamId!: string;
  @ApiProperty({ example: 'CommentAdded' }) type!: string;
  @ApiProperty({ format: 'date-time' }) since!: string;
  @ApiProperty({ type: 'integer', example: 95 }) forSeconds!: number;
}

class ProjectorHealthDto {
  @ApiProperty({ description: 'Failing on one event longer than PROJECTOR_STUCK_AFTER_MS', example: false })
  stuck!: boolean;
  @ApiProperty({ type: () => ProjectorFailureDto, nullable: true, description: 'The event it is failing on, if any' })
  failingOn!: ProjectorFailureDto | null;
}

export class ReadyResponseDto {
  @ApiProperty({ enum: ['ok', 'unavailable'], example: 'ok' }) status!: string;
  @ApiProperty({ type: () => EventStoreHealthDto }) eventStore!: EventStoreHealthDto;
  @ApiProperty({ type: () => ReadStoreHealthDto }) readStore!: ReadStoreHealthDto;
  @ApiProperty({ type: () => [ProjectionHealthDto], description: 'Empty when the read store cannot be reached' })
  projections!: ProjectionHealthDto[];
  @ApiProperty({ type: () => ProjectorHealthDto }) projector!: ProjectorHealthDto;
}
