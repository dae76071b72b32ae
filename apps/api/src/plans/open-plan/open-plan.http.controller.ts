import { Body, Controller, Post, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { ApiCreateResponses } from '../../http/api-docs.decorators.js';
import { Write, type WriteContext } from '../../shared/write-context.js';
import { writeResponse } from '../../shared/write-response.js';
import { OpenPlanCommand } from './open-plan.command.js';
import { OpenPlanRequestDto } from './open-plan.request.dto.js';

@ApiTags('plans')
@Controller('plans')
export class OpenPlanHttpController {
  constructor(private readonly commandBus: CommandBus) {}

  @Post()
  @ApiOperation({ summary: "Open a plan: a year's Service Improvement or Development Plan" })
  @ApiCreateResponses('The plan')
  async openPlan(
    @Body() request: OpenPlanRequestDto,
    @Write() context: WriteContext,
    @Res({ passthrough: true }) response: Response,
  ) {
    const result = await this.commandBus.execute(new OpenPlanCommand(request, context));
    return writeResponse(response, result, `/plans/${result.id}`);
  }
}
