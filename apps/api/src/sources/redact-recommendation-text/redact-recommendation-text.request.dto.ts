import { RequiredText, TEXT_LIMITS } from '../../http/request-fields.js';

/** Removing words must say why: the reason is shown where they were. */
export class RedactRecommendationTextRequestDto {
  @RequiredText(TEXT_LIMITS.reason, 'Why the words are removed', 'personal data entered in error')
  reason!: string;
}
