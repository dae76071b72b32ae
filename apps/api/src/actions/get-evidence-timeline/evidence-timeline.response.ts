import { ApiProperty } from '@nestjs/swagger';
import { AuditEntryDto } from '../../audit-log/get-audit-log/audit-log.response.js';

/** For the API description only: an evidence timeline (of an action, a recommendation or a source). */
export class EvidenceTimelineResponseDto {
  @ApiProperty({
    type: () => [AuditEntryDto],
    description:
      'CommentAdded, EvidenceAttached, RagStatusChanged, ActionCompleted, RetainedForOversight and ActionReopened events, in order of effect',
  })
  entries!: AuditEntryDto[];
}
