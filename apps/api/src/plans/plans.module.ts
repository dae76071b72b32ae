import { Module } from '@nestjs/common';
import { OpenPlanHandler } from './open-plan/open-plan.handler.js';
import { OpenPlanHttpController } from './open-plan/open-plan.http.controller.js';

/** Plans: the yearly Service Improvement/Development Plans that actions live in. */
@Module({
  controllers: [OpenPlanHttpController],
  providers: [OpenPlanHandler],
})
export class PlansModule {}
