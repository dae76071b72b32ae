import { ListRecommendationsHandler } from './list-recommendations/list-recommendations.handler.js';
import { RegisterSourceFormController } from './register-source/register-source.form.js';
import { RecordRecommendationFormController } from './record-recommendation/record-recommendation.form.js';
import { Module } from '@nestjs/common';
import { GetAccountabilityHandler } from './get-accountability/get-accountability.handler.js';
import { GetAccountabilityHttpController } from './get-accountability/get-accountability.http.controller.js';
import { GetRecommendationHistoryHandler } from './get-recommendation-history/get-recommendation-history.handler.js';
import { GetRecommendationHistoryHttpController } from './get-recommendation-history/get-recommendation-history.http.controller.js';
import { LinkRecommendationsHandler } from './link-recommendations/link-recommendations.handler.js';
import { LinkRecommendationsHttpController } from './link-recommendations/link-recommendations.http.controller.js';
import { UnlinkRecommendationsHandler } from './unlink-recommendations/unlink-recommendations.handler.js';
import { UnlinkRecommendationsHttpController } from './unlink-recommendations/unlink-recommendations.http.controller.js';
import { RedactRecommendationTextHandler } from './redact-recommendation-text/redact-recommendation-text.handler.js';
import { RedactRecommendationTextHttpController } from './redact-recommendation-text/redact-recommendation-text.http.controller.js';
import { RecordRecommendationHandler } from './record-recommendation/record-recommendation.handler.js';
import { RecordRecommendationHttpController } from './record-recommendation/record-recommendation.http.controller.js';
import { RegisterSourceHandler } from './register-source/register-source.handler.js';
import { RegisterSourceHttpController } from './register-source/register-source.http.controller.js';
import { ViewRecommendationHttpController } from './view-recommendation/view-recommendation.http.controller.js';

/** Sources of recommendations, and the recommendations they make. */
@Module({
  controllers: [
    RegisterSourceFormController,
    RecordRecommendationFormController,
    GetAccountabilityHttpController,
    GetRecommendationHistoryHttpController,
    RegisterSourceHttpController,
    RecordRecommendationHttpController,
    ViewRecommendationHttpController,
    LinkRecommendationsHttpController,
    UnlinkRecommendationsHttpController,
    RedactRecommendationTextHttpController,
  ],
  providers: [
    ListRecommendationsHandler,
    GetAccountabilityHandler,
    GetRecommendationHistoryHandler,
    RegisterSourceHandler,
    RecordRecommendationHandler,
    LinkRecommendationsHandler,
    UnlinkRecommendationsHandler,
    RedactRecommendationTextHandler,
  ],
})
export class SourcesModule {}
