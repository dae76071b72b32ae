import { ApiProperty } from '@nestjs/swagger';
import { PlanHeaderDto, PlanListCountsDto } from '../get-plan-state/plan-state.response.js';

/** For the API description only: one plan of GET /plans, with its actions counted (withdrawn ones left out). */
export class PlanSummaryDto extends PlanHeaderDto {
  @ApiProperty({ type: () => PlanListCountsDto }) counts!: PlanListCountsDto;
}
