import { OptionallyReasonedRequestDto } from '../../http/request-fields.js';

export class CompleteActionRequestDto extends OptionallyReasonedRequestDto {}
