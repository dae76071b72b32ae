import { Body, Controller, Post, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { ApiCreateResponses } from '../../http/api-docs.decorators.js';
import { Write, type WriteContext } from '../../shared/write-context.js';
import { writeResponse } from '../../shared/write-response.js';
import { RegisterSourceCommand } from './register-source.command.js';
import { RegisterSourceRequestDto } from './register-source.request.dto.js';

@ApiTags('sources')
@Controller('sources')
export class RegisterSourceHttpController {
  constructor(private readonly commandBus: CommandBus) {}

  @Post()
  @ApiOperation({ summary: 'Register a source of recommendations: an inspection, audit, review or feedback' })
  @ApiCreateResponses('The source')
  async registerSource(
    @Body() request: RegisterSourceRequestDto,
    @Write() context: WriteContext,
    @Res({ passthrough: true }) response: Response,
  ) {
    const result = await this.commandBus.execute(new RegisterSourceCommand(request, context));
    return writeResponse(response, result, `/sources/${result.id}`);
  }
}
