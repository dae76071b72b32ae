import { Body, Controller, Post, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { ApiCreateResponses } from '../../http/api-docs.decorators.js';
import { Write, type WriteContext } from '../../shared/write-context.js';
import { writeResponse } from '../../shared/write-response.js';
import { CreateActionCommand } from './create-action.command.js';
import { CreateActionRequestDto } from './create-action.request.dto.js';

@ApiTags('actions')
@Controller('actions')
export class CreateActionHttpController {
  constructor(private readonly commandBus: CommandBus) {}

  @Post()
  @ApiOperation({
    summary: 'Add an action to a plan, answering a source (and, when it has one, its recommendation)',
    description:
      'The plan, the source and the recommendation must exist, and the recommendation must be one the source made; otherwise 400 names each field.',
  })
  @ApiCreateResponses('The action')
  async createAction(
    @Body() request: CreateActionRequestDto,
    @Write() context: WriteContext,
    @Res({ passthrough: true }) response: Response,
  ) {
    const result = await this.commandBus.execute(new CreateActionCommand(request, context));
    return writeResponse(response, result, `/actions/${result.id}`);
  }
}
