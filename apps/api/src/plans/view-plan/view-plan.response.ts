import { ApiProperty } from '@nestjs/swagger';
import { GetPlanStateRequestDto } from '../get-plan-state/get-plan-state.request.dto.js';
import { PlanStateResponseDto } from '../get-plan-state/plan-state.response.js';

/** For the API description only: GET /plans/:planId, the plan's state with the query it was read by. */
export class ViewPlanResponseDto extends PlanStateResponseDto {
  @ApiProperty({
    type: () => GetPlanStateRequestDto,
    description: 'The query as read, with its defaults (page, pageSize)',
  })
  request!: GetPlanStateRequestDto;
}
