import { Controller, Get, HttpStatus, Inject, Res } from '@nestjs/common';
import type { Response } from 'express';
import type { EventStore } from '#event-store';
import { Public } from '../auth/auth.decorators.js';
import { EVENT_STORE } from '../infrastructure/event-store.token.js';

@Public()
@Controller('health')
export class HealthHttpController {
  constructor(@Inject(EVENT_STORE) private readonly eventStore: EventStore) {}

  /** Liveness: the process answers. */
  @Get('live')
  live() {
    return { status: 'ok' };
  }

  /** Readiness: the event store answers too; 503 while it does not. */
  @Get()
  async ready(@Res({ passthrough: true }) response: Response) {
    try {
      await this.eventStore.ping();
      return { status: 'ok', eventStore: { backend: this.eventStore.backend, reachable: true } };
    } catch (error) {
      response.status(HttpStatus.SERVICE_UNAVAILABLE);
      return { status: 'unavailable', eventStore: { backend: this.eventStore.backend, reachable: false, error: (error as Error).message } };
    }
  }
}
