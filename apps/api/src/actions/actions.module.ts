import { Module } from '@nestjs/common';
import { ChangeRagStatusHandler } from './change-rag-status/change-rag-status.handler.js';
import { ChangeRagStatusHttpController } from './change-rag-status/change-rag-status.http.controller.js';

/** Actions: created from a source into a plan, then changed by managers, one use case a folder. */
@Module({
  controllers: [ChangeRagStatusHttpController],
  providers: [ChangeRagStatusHandler],
})
export class ActionsModule {}
