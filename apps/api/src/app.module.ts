import { Module, type DynamicModule } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, APP_INTERCEPTOR } from '@nestjs/core';
import { CqrsModule } from '@nestjs/cqrs';
import { DataSource } from 'typeorm';
import { CommandExecutor, FoldedStreams, systemClock, type Clock } from '#command-handling';
import type { CalendarDays } from '#domain';
import { DataKeys, type EventStore } from '#event-store';
import {
  ApiKeys,
  ChildDataAccessLog,
  ChildDataReadModels,
  ChildLevelWords,
  IdempotencyRecords,
  Projector,
  SignIns,
  SqlReadModels,
} from '#read-store';
import { AccessLogModule } from './access-log/access-log.module.js';
import { ActionsModule } from './actions/actions.module.js';
import { AuditLogModule } from './audit-log/audit-log.module.js';
import { ApiKeyGuard } from './auth/api-key.guard.js';
import { FailedAuthentications } from './auth/failed-authentications.js';
import { HEALTH_LIMITS, type HealthLimits } from './health/health-limits.js';
import { HealthHttpController } from './health/health.http.controller.js';
import { IDEMPOTENCY_KEEP_HOURS, IdempotencyExpiry } from './http/idempotency-expiry.js';
import { IdempotencyInterceptor } from './http/idempotency.interceptor.js';
import { ProblemDetailsFilter } from './http/problem-details.filter.js';
import { ImportsModule } from './imports/imports.module.js';
import { CALENDAR } from './infrastructure/calendar.token.js';
import { CLOCK } from './infrastructure/clock.token.js';
import { EVENT_STORE } from './infrastructure/event-store.token.js';
import { PlansModule } from './plans/plans.module.js';
import { PageInterceptor } from './web/page.interceptor.js';
import { SignInPageController } from './web/sign-in/sign-in.page.controller.js';
import { SignInsHttpController } from './web/sign-ins/sign-ins.http.controller.js';
import { WebSessions } from './web/web-sessions.js';
import { WebViews } from './web/web-views.js';
import { SourcesModule } from './sources/sources.module.js';

export interface AppDependencies {
  eventStore: EventStore;
  readDatabase: DataSource;
  /** The one ApiKeys of the service: it keeps the keys it has checked for as long as the service runs. */
  apiKeys: ApiKeys;
  projector: Projector;
  /** The data keys personal data is sealed under: a redaction destroys one. */
  dataKeys: DataKeys;
  /** systemClock unless a test gives another. */
  clock?: Clock;
  /** The days "today", "overdue" and a bare asOf/asAt are judged by, in TIME_ZONE. */
  calendar: CalendarDays;
  health: HealthLimits;
  /** Failed authentications per address before it is refused a while (AUTH_FAILURES_ALLOWED). */
  authFailuresAllowed: number;
  /** IDEMPOTENCY_KEEP_HOURS. */
  idempotencyKeepHours: number;
}

/** The service: its parts get the stores opened at boot (see create-app.ts), so tests run the same wiring. */
@Module({})
export class AppModule {
  static register(dependencies: AppDependencies): DynamicModule {
    return {
      module: AppModule,
      global: true,
      imports: [
        CqrsModule.forRoot(),
        SourcesModule,
        PlansModule,
        ActionsModule,
        AuditLogModule,
        AccessLogModule,
        ImportsModule,
      ],
      controllers: [HealthHttpController, SignInPageController, SignInsHttpController],
      providers: [
        { provide: EVENT_STORE, useValue: dependencies.eventStore },
        { provide: DataSource, useValue: dependencies.readDatabase },
        { provide: Projector, useValue: dependencies.projector },
        { provide: DataKeys, useValue: dependencies.dataKeys },
        { provide: CLOCK, useValue: dependencies.clock ?? systemClock },
        { provide: CALENDAR, useValue: dependencies.calendar },
        { provide: HEALTH_LIMITS, useValue: dependencies.health },
        { provide: IDEMPOTENCY_KEEP_HOURS, useValue: dependencies.idempotencyKeepHours },
        IdempotencyExpiry,
        // The streams this service has decided on, kept folded for as long as the service holds the store.
        { provide: FoldedStreams, useFactory: (store: EventStore) => new FoldedStreams(store), inject: [EVENT_STORE] },
        {
          provide: CommandExecutor,
          useFactory: (store: EventStore, streams: FoldedStreams, clock: Clock) =>
            new CommandExecutor(store, streams, clock, dependencies.calendar),
          inject: [EVENT_STORE, FoldedStreams, CLOCK],
        },
        { provide: ApiKeys, useValue: dependencies.apiKeys },
        { provide: WebViews, useValue: new WebViews(dependencies.calendar) },
        { provide: SignIns, useFactory: (dataSource: DataSource) => new SignIns(dataSource), inject: [DataSource] },
        {
          provide: ChildDataAccessLog,
          useFactory: (dataSource: DataSource) => new ChildDataAccessLog(dataSource),
          inject: [DataSource],
        },
        // The readers the query handlers ask, bound to the read database, each answer as the
        // query's reader may see it: child-level words withheld, or shown and logged.
        {
          provide: ChildDataReadModels,
          useFactory: (dataSource: DataSource, accessLog: ChildDataAccessLog) =>
            new ChildDataReadModels(new SqlReadModels(dataSource), new ChildLevelWords(dataSource), accessLog),
          inject: [DataSource, ChildDataAccessLog],
        },
        {
          provide: IdempotencyRecords,
          useFactory: (dataSource: DataSource) => new IdempotencyRecords(dataSource),
          inject: [DataSource],
        },
        PageInterceptor,
        { provide: WebSessions, useFactory: (clock: Clock) => new WebSessions(clock), inject: [CLOCK] },
        // Failed authentications per client address, for the life of the service.
        { provide: FailedAuthentications, useValue: new FailedAuthentications(dependencies.authFailuresAllowed) },
        { provide: APP_GUARD, useClass: ApiKeyGuard },
        { provide: APP_FILTER, useClass: ProblemDetailsFilter },
        { provide: APP_INTERCEPTOR, useClass: IdempotencyInterceptor },
      ],
      exports: [
        EVENT_STORE,
        DataSource,
        ChildDataReadModels,
        ChildDataAccessLog,
        ApiKeys,
        IdempotencyRecords,
        Projector,
        DataKeys,
        CLOCK,
        CALENDAR,
        FoldedStreams,
        CommandExecutor,
        WebViews,
        PageInterceptor,
      ],
    };
  }
}
