import { AsItStoodQueryDto } from '../../http/read-query.dto.js';

export class GetRecommendationHistoryRequestDto extends AsItStoodQueryDto {}
