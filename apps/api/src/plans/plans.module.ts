import { OpenPlanFormController } from './open-plan/open-plan.form.js';
import { Module } from '@nestjs/common';
import { CommitteeReportHandler } from './committee-report/committee-report.handler.js';
import { CommitteeReportHttpController } from './committee-report/committee-report.http.controller.js';
import { ExportPlanHandler } from './export-plan/export-plan.handler.js';
import { ExportPlanHttpController } from './export-plan/export-plan.http.controller.js';
import { GetPlanChangesHandler } from './get-plan-changes/get-plan-changes.handler.js';
import { GetPlanChangesHttpController } from './get-plan-changes/get-plan-changes.http.controller.js';
import { GetPlanStateHandler } from './get-plan-state/get-plan-state.handler.js';
import { GetPlanStateHttpController } from './get-plan-state/get-plan-state.http.controller.js';
import { ListPlansHandler } from './list-plans/list-plans.handler.js';
import { ListPlansHttpController } from './list-plans/list-plans.http.controller.js';
import { OpenPlanHandler } from './open-plan/open-plan.handler.js';
import { ViewPlanHttpController } from './view-plan/view-plan.http.controller.js';
import { OpenPlanHttpController } from './open-plan/open-plan.http.controller.js';

/** Plans: the yearly Service Improvement/Development Plans that actions live in. */
@Module({
  controllers: [
    OpenPlanFormController,
    ListPlansHttpController,
    OpenPlanHttpController,
    GetPlanStateHttpController,
    GetPlanChangesHttpController,
    ExportPlanHttpController,
    ViewPlanHttpController,
    CommitteeReportHttpController,
  ],
  providers: [
    ListPlansHandler,
    OpenPlanHandler,
    GetPlanStateHandler,
    GetPlanChangesHandler,
    ExportPlanHandler,
    CommitteeReportHandler,
  ],
})
export class PlansModule {}
