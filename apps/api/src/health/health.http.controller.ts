import { Controller, Get, HttpStatus, Inject, Res } from '@nestjs/common';
import type { Response } from 'express';
import { DataSource } from 'typeorm';
import type { EventStore } from '#event-store';
import { projectionStatuses, Projector } from '#read-store';
import { Public } from '../auth/auth.decorators.js';
import { EVENT_STORE } from '../infrastructure/event-store.token.js';

const LAG_CAP = 1000;

@Public()
@Controller('health')
export class HealthHttpController {
  constructor(
    @Inject(EVENT_STORE) private readonly eventStore: EventStore,
    @Inject(DataSource) private readonly readDatabase: DataSource,
    @Inject(Projector) private readonly projector: Projector,
  ) {}

  /** Liveness: the process answers. */
  @Get('live')
  live() {
    return { status: 'ok' };
  }

  /** Readiness: the event store answers too (503 while it does not); each read model's checkpoint and lag. */
  @Get()
  async ready(@Res({ passthrough: true }) response: Response) {
    try {
      await this.eventStore.ping();
      return {
        status: 'ok',
        eventStore: { backend: this.eventStore.backend, reachable: true },
        projections: await this.projections(),
      };
    } catch (error) {
      response.status(HttpStatus.SERVICE_UNAVAILABLE);
      return {
        status: 'unavailable',
        eventStore: { backend: this.eventStore.backend, reachable: false, error: (error as Error).message },
      };
    }
  }

  /** Lag is counted in events not yet projected, up to LAG_CAP (then reported as at least that). */
  private async projections() {
    const statuses = await projectionStatuses(this.readDatabase, this.projector.projections);
    return Promise.all(
      statuses.map(async (status) => {
        const behind = (await this.eventStore.readAll({ after: status.position, maxCount: LAG_CAP })).events.length;
        return {
          name: status.projection,
          checkpoint: status.position,
          updatedAt: status.updatedAt?.toISOString() ?? null,
          lagEvents: behind,
          lagAtLeast: behind >= LAG_CAP,
          error: this.projector.lastError?.message ?? null,
        };
      }),
    );
  }
}
