import { Module, type DynamicModule } from '@nestjs/common';
import type { EventStore } from '#event-store';
import { HealthHttpController } from './health/health.http.controller.js';
import { EVENT_STORE } from './infrastructure/event-store.token.js';

export interface AppDependencies {
  eventStore: EventStore;
}

/** The service: its parts get the stores opened at boot (see main.ts), so tests can hand in theirs. */
@Module({})
export class AppModule {
  static register(dependencies: AppDependencies): DynamicModule {
    return {
      module: AppModule,
      global: true,
      controllers: [HealthHttpController],
      providers: [{ provide: EVENT_STORE, useValue: dependencies.eventStore }],
      exports: [EVENT_STORE],
    };
  }
}
