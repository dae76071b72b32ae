import { ReadQueryDto } from '../../http/read-query.dto.js';

export class GetRecommendationHistoryRequestDto extends ReadQueryDto {}
