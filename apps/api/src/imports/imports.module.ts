import { Module } from '@nestjs/common';
import { ImportPlanHandler } from './import-plan/import-plan.handler.js';
import { ImportPlanHttpController } from './import-plan/import-plan.http.controller.js';
import { ImportSlots } from './import-plan/import-slots.interceptor.js';

/** Plan workbooks in: one use case, the import. */
@Module({
  controllers: [ImportPlanHttpController],
  providers: [ImportPlanHandler, ImportSlots],
})
export class ImportsModule {}
