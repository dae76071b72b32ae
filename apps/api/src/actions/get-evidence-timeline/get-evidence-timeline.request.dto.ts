import { ReadQueryDto } from '../../http/read-query.dto.js';

export class GetEvidenceTimelineRequestDto extends ReadQueryDto {}
