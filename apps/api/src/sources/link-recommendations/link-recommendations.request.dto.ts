import { ApiProperty } from '@nestjs/swagger';
import { IsUUID } from 'class-validator';
import { ReasonedRequestDto } from '../../http/request-fields.js';

/** The recommendation in the path joins `survivorId`: they are one from then on, under the survivor's identity. */
export class LinkRecommendationsRequestDto extends ReasonedRequestDto {
  @ApiProperty({
    description: 'The recommendation this one is the same as: it survives, and this one joins it',
    example: '39974b14-e9e1-5ff3-8f0a-43f51c463aae',
  })
  @IsUUID('all', { message: 'survivorId must be a recommendation id (a UUID)' })
  survivorId!: string;
}
