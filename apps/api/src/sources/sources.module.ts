import { Module } from '@nestjs/common';
import { RecordRecommendationHandler } from './record-recommendation/record-recommendation.handler.js';
import { RecordRecommendationHttpController } from './record-recommendation/record-recommendation.http.controller.js';
import { RegisterSourceHandler } from './register-source/register-source.handler.js';
import { RegisterSourceHttpController } from './register-source/register-source.http.controller.js';

/** Sources of recommendations, and the recommendations they make. */
@Module({
  controllers: [RegisterSourceHttpController, RecordRecommendationHttpController],
  providers: [RegisterSourceHandler, RecordRecommendationHandler],
})
export class SourcesModule {}
