import { OptionallyReasonedRequestDto } from '../../http/request-fields.js';

export class RetainForOversightRequestDto extends OptionallyReasonedRequestDto {}
