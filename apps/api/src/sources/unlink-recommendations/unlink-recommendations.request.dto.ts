import { ReasonedRequestDto } from '../../http/request-fields.js';

export class UnlinkRecommendationsRequestDto extends ReasonedRequestDto {}
