import { Module } from '@nestjs/common';
import { ImportPlanHandler } from './import-plan/import-plan.handler.js';
import { ImportPlanHttpController } from './import-plan/import-plan.http.controller.js';
import { ImportSlots } from './import-plan/import-slots.interceptor.js';
import { ImportPreviews } from './import-workbook-page/import-previews.js';
import { ImportWorkbookPageController } from './import-workbook-page/import-workbook.page.controller.js';
import { KeptUploads } from './import-workbook-page/kept-uploads.js';
import { RememberedColumns } from './import-workbook-page/remembered-columns.js';

/** Plan workbooks in: the import (the API's), and the browser's page that previews it before it is confirmed. */
@Module({
  controllers: [ImportPlanHttpController, ImportWorkbookPageController],
  providers: [
    ImportPlanHandler,
    ImportSlots,
    ImportPreviews,
    { provide: KeptUploads, useFactory: () => new KeptUploads() },
    RememberedColumns,
  ],
})
export class ImportsModule {}
