import { Module, type DynamicModule } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, APP_INTERCEPTOR } from '@nestjs/core';
import { CqrsModule } from '@nestjs/cqrs';
import { DataSource } from 'typeorm';
import type { EventStore } from '#event-store';
import { ApiKeys, Projector } from '#read-store';
import { ActionsModule } from './actions/actions.module.js';
import { AuditLogModule } from './audit-log/audit-log.module.js';
import { ApiKeyGuard } from './auth/api-key.guard.js';
import { HealthHttpController } from './health/health.http.controller.js';
import { IdempotencyInterceptor } from './http/idempotency.interceptor.js';
import { ProblemDetailsFilter } from './http/problem-details.filter.js';
import { ImportsModule } from './imports/imports.module.js';
import { EVENT_STORE } from './infrastructure/event-store.token.js';
import { PlansModule } from './plans/plans.module.js';
import { SourcesModule } from './sources/sources.module.js';

export interface AppDependencies {
  eventStore: EventStore;
  readDatabase: DataSource;
  projector: Projector;
}

/** The service: its parts get the stores opened at boot (see create-app.ts), so tests run the same wiring. */
@Module({})
export class AppModule {
  static register(dependencies: AppDependencies): DynamicModule {
    return {
      module: AppModule,
      global: true,
      imports: [CqrsModule.forRoot(), SourcesModule, PlansModule, ActionsModule, AuditLogModule, ImportsModule],
      controllers: [HealthHttpController],
      providers: [
        { provide: EVENT_STORE, useValue: dependencies.eventStore },
        { provide: DataSource, useValue: dependencies.readDatabase },
        { provide: Projector, useValue: dependencies.projector },
        // Answers from memory the keys create-app keeps for this DataSource (ApiKeys.keepChecked).
        { provide: ApiKeys, useFactory: (dataSource: DataSource) => new ApiKeys(dataSource), inject: [DataSource] },
        { provide: APP_GUARD, useClass: ApiKeyGuard },
        { provide: APP_FILTER, useClass: ProblemDetailsFilter },
        { provide: APP_INTERCEPTOR, useClass: IdempotencyInterceptor },
      ],
      exports: [EVENT_STORE, DataSource, ApiKeys, Projector],
    };
  }
}
