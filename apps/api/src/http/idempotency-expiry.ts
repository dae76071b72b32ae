import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { IdempotencyRecords } from '#read-store';

export const IDEMPOTENCY_KEEP_HOURS = Symbol('IdempotencyKeepHours');

const HOUR_MS = 3_600_000;

/**
 * Purges idempotency records (with the answers they keep) older than IDEMPOTENCY_KEEP_HOURS: at
 * start, then hourly. A retry after that runs again and appends nothing, since the key is also
 * the command's id; it only no longer gets the first answer word for word.
 */
@Injectable()
export class IdempotencyExpiry implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Idempotency');
  private timer: NodeJS.Timeout | null = null;

  constructor(
    @Inject(IdempotencyRecords) private readonly records: IdempotencyRecords,
    @Inject(IDEMPOTENCY_KEEP_HOURS) private readonly keepHours: number,
  ) {}

  onApplicationBootstrap(): void {
    void this.purge();
    this.timer = setInterval(() => void this.purge(), HOUR_MS);
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    if (this.timer) clearInterval(this.timer);
  }

  /** One purge; a failure (the database away) is logged and tried again at the next hour. */
  async purge(): Promise<number> {
    try {
      const purged = await this.records.purgeOlderThan(new Date(Date.now() - this.keepHours * HOUR_MS));
      if (purged > 0) this.logger.log(`Purged ${purged} idempotency records older than ${this.keepHours} hours`);
      return purged;
    } catch (error) {
      this.logger.warn(`Idempotency records not purged: ${(error as Error).message}`);
      return 0;
    }
  }
}
