import { Controller, Get, HttpStatus, Inject, Logger, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiServiceUnavailableResponse } from '@nestjs/swagger';
import type { Response } from 'express';
import { DataSource } from 'typeorm';
import type { EventStore } from '#event-store';
import { projectionStatuses, Projector, type ProjectionStatus } from '#read-store';
import { Public } from '../auth/auth.decorators.js';
import { EVENT_STORE } from '../infrastructure/event-store.token.js';
import { HEALTH_LIMITS, type HealthLimits } from './health-limits.js';
import { LiveResponseDto, ReadyResponseDto } from './health.response.js';

/** A probe that gets no answer within this is reported unreachable: a readiness check must not hang. */
const PROBE_TIMEOUT_MS = 2_000;

type Probe<T> = { reachable: true; value: T } | { reachable: false };

@Public()
@Controller('health')
export class HealthHttpController {
  private readonly logger = new Logger('Health');

  constructor(
    @Inject(EVENT_STORE) private readonly eventStore: EventStore,
    @Inject(DataSource) private readonly readDatabase: DataSource,
    @Inject(Projector) private readonly projector: Projector,
    @Inject(HEALTH_LIMITS) private readonly limits: HealthLimits,
  ) {}

  /** Liveness: the process answers. Touches no database, so an orchestrator never restarts the service for a database's outage. */
  @Get('live')
  @ApiOperation({ summary: 'Liveness: the process answers (no key needed)', security: [] })
  @ApiOkResponse({ description: 'The process answers', type: LiveResponseDto })
  live() {
    return { status: 'ok' };
  }

  /**
   * Readiness (also at /health): the event store and the read store each answer, and no projector
   * is stuck on one event longer than PROJECTOR_STUCK_AFTER_MS; 503 otherwise, saying which.
   * Lag is the store's last position less each checkpoint (positions, not events: a rolled-back
   * append leaves a gap, so it is at most that many events). Database errors go to the log only.
   */
  @Get(['ready', ''])
  @ApiOperation({
    summary:
      'Readiness (also at /health): the event store and the read store answer, no projector is stuck (no key needed)',
    security: [],
  })
  @ApiOkResponse({ description: 'Both stores answer and no projector is stuck', type: ReadyResponseDto })
  @ApiServiceUnavailableResponse({
    description: 'A store does not answer, or a projector is stuck: the same document says which',
    type: ReadyResponseDto,
  })
  async ready(@Res({ passthrough: true }) response: Response) {
    const [head, statuses] = await Promise.all([
      this.probe('event store', () => this.eventStore.headPosition()),
      this.probe('read store', () => projectionStatuses(this.readDatabase, this.projector.projections)),
    ]);
    const failure = this.projector.failure;
    const stuckFor = failure ? Date.now() - failure.since.getTime() : 0;
    const stuck = failure !== null && stuckFor >= this.limits.projectorStuckAfterMs;
    const ready = head.reachable && statuses.reachable && !stuck;
    if (!ready) response.status(HttpStatus.SERVICE_UNAVAILABLE);
    return {
      status: ready ? 'ok' : 'unavailable',
      eventStore: {
        backend: this.eventStore.backend,
        reachable: head.reachable,
        ...(head.reachable ? { lastPosition: head.value } : {}),
      },
      readStore: { reachable: statuses.reachable },
      projections: statuses.reachable ? this.projections(statuses.value, head.reachable ? head.value : null) : [],
      projector: {
        stuck,
        failingOn: failure && {
          position: failure.position,
          eventId: failure.eventId,
          streamId: failure.streamId,
          type: failure.type,
          since: failure.since.toISOString(),
          forSeconds: Math.floor(stuckFor / 1000),
        },
      },
    };
  }

  private projections(statuses: ProjectionStatus[], head: number | null) {
    return statuses.map((status) => ({
      name: status.projection,
      checkpoint: status.position,
      updatedAt: status.updatedAt?.toISOString() ?? null,
      lagPositions: head === null ? null : Math.max(0, head - status.position),
      error: this.projector.lastError ? 'failing: see the service log' : null,
    }));
  }

  /** Runs a check with a deadline; what went wrong is logged, never answered (it can name hosts and users). */
  private async probe<T>(what: string, check: () => Promise<T>): Promise<Probe<T>> {
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no answer within ${PROBE_TIMEOUT_MS} ms`)), PROBE_TIMEOUT_MS);
    });
    try {
      return { reachable: true, value: await Promise.race([check(), deadline]) };
    } catch (error) {
      this.logger.error(`Readiness: the ${what} did not answer: ${(error as Error).message}`);
      return { reachable: false };
    } finally {
      clearTimeout(timer);
    }
  }
}
