import { EffectiveRequestDto, RequiredText, TEXT_LIMITS } from '../../http/request-fields.js';

export class AddCommentRequestDto extends EffectiveRequestDto {
  @RequiredText(
    TEXT_LIMITS.text,
    'The comment on progress, as written',
    'January: audit of written plans completed, findings to March DLT',
  )
  text!: string;
}
