import { ReasonedRequestDto } from '../../http/request-fields.js';

export class WithdrawActionRequestDto extends ReasonedRequestDto {}
