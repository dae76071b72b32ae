import type { CalendarDays, IsoDate } from '#domain';
import { appendBatch, FoldedStreams, systemClock, type Clock } from '#command-handling';
import { createHash } from 'node:crypto';
import {
  canonicalJson,
  WrongExpectedRevisionError,
  type Actor,
  type EventStore,
  type JsonValue,
  type StreamWrite,
} from '#event-store';
import { importWorkbook } from '../import-workbook.js';
import type { ColumnOptions } from '../layout/column-options.js';
import { loadExistingState } from './existing-state.js';
import { importCommandId } from './import-ids.js';
import type { ImportResult } from './import-summary.js';
import { planImport } from './plan-import.js';

export type ImportStage = 'reading' | 'loading';

export type ExecuteImportOptions = ColumnOptions & {
  /** Who imports: the actor of every event. */
  actor: Actor;
  /** Plan and summarise, write nothing. */
  dryRun?: boolean;
  /** The day the workbook describes, when the person importing knows it (else found in the workbook: snapshot-date.ts). */
  asOf?: IsoDate | null;
  /** The import's time; the clock by default. */
  now?: () => Date;
  /** The service's days (TIME_ZONE): today, and when a day the workbook gives begins. */
  calendar: CalendarDays;
  correlationId?: string;
  /** The store's streams kept folded (the service's, shared with its commands); a fresh set by default. */
  streams?: FoldedStreams;
  /**
   * Matches of a workbook's recommendation to a known one (by the `matchId` a dry run reports) that
   * the person refuses: each is recorded as a recommendation of its own.
   */
  refuseMatches?: string[];
  /**
   * Append only if the events planned are these (their plannedDigest, from a preview's dry run):
   * otherwise nothing is written and PlannedImportChangedError carries what would be now.
   */
  expectPlannedDigest?: string;
  /** Rows read, then streams loaded: for a progress bar. */
  onProgress?: (stage: ImportStage, done: number, total: number) => void;
};

/** The store moved since the preview so that the import would now write other events: nothing was written. */
export class PlannedImportChangedError extends Error {
  override readonly name = 'PlannedImportChangedError';

  constructor(
    /** The import as it would be now (a dry run's answer), to preview again. */
    readonly now: ImportResult,
  ) {
    super(`${now.summary.file}: the store changed since the preview, so the import would now write other events`);
  }
}

/**
 * The SHA-256 of the events planned, stream by stream (not the revisions they would go at): a
 * preview's dry run and its confirmation plan the same events exactly when the digests match.
 */
export const plannedDigestOf = (writes: StreamWrite[]): string =>
  createHash('sha256')
    .update(
      canonicalJson(
        JSON.parse(JSON.stringify(writes.map(({ streamId, events }) => ({ streamId, events })))) as JsonValue,
      ),
    )
    .digest('hex');

/**
 * Reads a workbook and brings the store to what it says: loads every stream it touches (through
 * the streams kept folded, as commands do, reading only what is new), plans
 * the events (planImport, in the command-handling library's batch) and appends them in one
 * appendMany through that library (appendBatch), all or nothing. The command id is
 * the file's SHA-256 and the actor, so the same file from the same person appends once whatever
 * the planning would say (and the options that change what it says, such as the date it describes,
 * are part of that id: the same file imported again with its date is a new command). Someone writing to one of the streams meanwhile makes the append fail
 * on its expected revision: the import is then planned again, once, on what they wrote.
 * Throws WorkbookError for a file that is not a readable plan, or that holds a column of text the
 * options neither map nor ignore (nothing is written).
 */
export async function executeImport(
  /** `append` is the streams kept folded's, for commands on one stream: an import writes by appendMany. */
  store: Pick<EventStore, 'readStream' | 'append' | 'appendMany'>,
  bytes: Uint8Array,
  file: string,
  options: ExecuteImportOptions,
): Promise<ImportResult> {
  const imported = await importWorkbook(bytes, file, {
    onProgress: (done, total) => options.onProgress?.('reading', done, total),
    ...(options.columnMap ? { columnMap: options.columnMap } : {}),
    ...(options.ignoreColumns ? { ignoreColumns: options.ignoreColumns } : {}),
  });
  // What changes the reading of the file is part of the command: the same file read another way is another import.
  const commandId = importCommandId(bytes, options.actor.id, {
    asOf: options.asOf ?? null,
    columnMap: options.columnMap ? Object.entries(options.columnMap).sort() : null,
    ignoreColumns: options.ignoreColumns ? [...options.ignoreColumns].sort() : null,
    refuseMatches: options.refuseMatches ? [...new Set(options.refuseMatches)].sort() : null,
  });
  const streams = options.streams ?? new FoldedStreams(store);
  const clock: Clock = options.now ? { now: options.now } : systemClock;
  for (let attempt = 1; ; attempt += 1) {
    const context = {
      now: clock.now().toISOString(),
      asOf: options.asOf ?? null,
      refusedMatches: options.refuseMatches ?? [],
      calendar: options.calendar,
    };
    const existing = await loadExistingState(streams, store, imported, context, (done, total) =>
      options.onProgress?.('loading', done, total),
    );
    const planned = planImport(imported, existing, context);
    const result = (outcome: ImportResult['outcome'], position: number | null = null): ImportResult => ({
      outcome,
      position,
      commandId,
      plannedDigest: plannedDigestOf(planned.writes),
      summary: planned.summary,
    });
    if (options.dryRun) return result('dry-run');
    if (options.expectPlannedDigest !== undefined && options.expectPlannedDigest !== plannedDigestOf(planned.writes))
      throw new PlannedImportChangedError(result('dry-run'));
    try {
      const appended = await appendBatch(store, planned.batch, {
        actor: options.actor,
        origin: `import:${imported.file}`,
        commandId,
        ...(options.correlationId ? { correlationId: options.correlationId } : {}),
      });
      if (appended.duplicate) return result('already-imported');
      return appended.position === null ? result('unchanged') : result('appended', appended.position);
    } catch (error) {
      if (error instanceof WrongExpectedRevisionError && attempt < 2) continue;
      throw error;
    }
  }
}
