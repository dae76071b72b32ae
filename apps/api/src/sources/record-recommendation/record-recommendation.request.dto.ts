import { ApiProperty } from '@nestjs/swagger';
import { IsIn } from 'class-validator';
import { RECOMMENDATION_LEVELS, type RecommendationLevel } from '#domain';
import { OptionalText, RequiredText, TEXT_LIMITS } from '../../http/request-fields.js';

export class RecordRecommendationRequestDto {
  @OptionalText(TEXT_LIMITS.name, 'How the source numbers it; absent when it has none', 'Ofsted recommendation 1')
  reference?: string | null;

  @RequiredText(
    TEXT_LIMITS.text,
    "The source's own words",
    'Further improve the quality and consistency of written plans for children',
  )
  text!: string;

  @ApiProperty({
    enum: RECOMMENDATION_LEVELS,
    description: 'service: about the service; child: about one child (personal data)',
  })
  @IsIn(RECOMMENDATION_LEVELS)
  level!: RecommendationLevel;
}
