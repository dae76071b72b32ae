import { Module } from '@nestjs/common';
import { RegisterSourceHandler } from './register-source/register-source.handler.js';
import { RegisterSourceHttpController } from './register-source/register-source.http.controller.js';

/** Sources of recommendations, and the recommendations they make. */
@Module({
  controllers: [RegisterSourceHttpController],
  providers: [RegisterSourceHandler],
})
export class SourcesModule {}
