import { Module } from '@nestjs/common';
import { ImportPlanHandler } from './import-plan/import-plan.handler.js';
import { ImportPlanHttpController } from './import-plan/import-plan.http.controller.js';

/** Plan workbooks in: one use case, the import. */
@Module({
  controllers: [ImportPlanHttpController],
  providers: [ImportPlanHandler],
})
export class ImportsModule {}
