import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { FoldedStreams, type Clock } from '#command-handling';
import type { CalendarDays } from '#domain';
import type { EventStore } from '#event-store';
import { executeImport } from '#importer';
import { CALENDAR } from '../../infrastructure/calendar.token.js';
import { CLOCK } from '../../infrastructure/clock.token.js';
import { EVENT_STORE } from '../../infrastructure/event-store.token.js';
import { ImportPlanCommand } from './import-plan.command.js';

/**
 * Loads what the store holds of the plan (through the streams the service keeps folded, as its
 * commands do), plans the events that bring it to what the workbook says, and appends them as one
 * (executeImport): all or nothing, once per file and person, planned again once when someone
 * writes to the same streams meanwhile.
 */
@CommandHandler(ImportPlanCommand)
export class ImportPlanHandler implements ICommandHandler<ImportPlanCommand> {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly streams: FoldedStreams,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(CALENDAR) private readonly calendar: CalendarDays,
  ) {}

  execute({
    workbook,
    dryRun,
    context,
    asOf,
    columns,
    refuseMatches,
    onProgress,
    expectPlannedDigest,
  }: ImportPlanCommand) {
    return executeImport(this.store, workbook.bytes, workbook.fileName, {
      actor: context.actor,
      dryRun,
      asOf,
      correlationId: context.correlationId,
      streams: this.streams,
      now: () => this.clock.now(),
      calendar: this.calendar,
      ...columns,
      refuseMatches,
      ...(onProgress ? { onProgress } : {}),
      ...(expectPlannedDigest !== undefined ? { expectPlannedDigest } : {}),
    });
  }
}
